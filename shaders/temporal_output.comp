#version 450
// The temporal generator's output history, GameUpscaler.Temporal.OutputHistory step by step (its remarks say why):
// the previous shown frame, Lanczos-3-sampled where the grid pixel's render motion points and clamped into the
// network output's 3×3 range, is blended in by the accumulation's confidence; the result is shown and kept for the
// next frame. Grid size = scale × render size; the host ping-pongs shownIn/shownOut with the TAAU's history parity.
#include "common.glsl"

layout(local_size_x = 8, local_size_y = 8) in;

layout(push_constant) uniform Params
{
    uint width;       // render width
    uint height;      // render height
    uint scale;       // s
    uint flags;       // bit 0: the previous shown frame is valid
    float maxWeight;  // the accumulation's weight cap
    float blend;      // the network output's weight where the accumulation has converged
} p;

layout(std430, binding = 0) readonly buffer Raw { vec4 raw[]; };                  // grid, the network's clamped output
layout(std430, binding = 1) readonly buffer History { vec4 history[]; };          // grid, the TAAU's (rgb, weight) just written
layout(std430, binding = 2) readonly buffer Motion { vec2 motion[]; };            // render size, previous minus current, render pixels
layout(std430, binding = 3) readonly buffer ShownIn { vec4 shownIn[]; };          // grid, the previous shown frame
layout(std430, binding = 4) writeonly buffer ShownOut { vec4 shownOut[]; };
layout(std430, binding = 5) writeonly buffer Target { vec4 target[]; };            // grid

const uint HAS_PREVIOUS = 1u;

vec3 networkOutput(ivec2 q, ivec2 grid)
{
    q = clamp(q, ivec2(0), grid - 1);
    return raw[uint(q.y * grid.x + q.x)].rgb;
}

vec3 previousShown(vec2 uv, ivec2 grid)
{
    vec2 f = floor(uv);
    ivec2 base = ivec2(f);
    float wx[6];
    float wy[6];
    lanczos3Weights(uv.x - f.x, wx);
    lanczos3Weights(uv.y - f.y, wy);
    vec3 sum = vec3(0.0);
    for (int j = 0; j < 6; j++)
    {
        int sy = clamp(base.y - 2 + j, 0, grid.y - 1);
        for (int i = 0; i < 6; i++)
        {
            int sx = clamp(base.x - 2 + i, 0, grid.x - 1);
            sum += wx[i] * wy[j] * shownIn[sy * grid.x + sx].rgb;
        }
    }

    return sum;
}

void main()
{
    uint s = p.scale;
    ivec2 grid = ivec2(p.width * s, p.height * s);
    ivec2 pos = ivec2(gl_GlobalInvocationID.xy);
    if (pos.x >= grid.x || pos.y >= grid.y)
    {
        return;
    }

    uint i = uint(pos.y * grid.x + pos.x);
    vec3 current = networkOutput(pos, grid);
    vec2 m = motion[(uint(pos.y) / s) * p.width + uint(pos.x) / s];
    vec2 h = vec2(pos) + m * float(s);
    vec3 shown = current;
    if ((p.flags & HAS_PREVIOUS) != 0u && h.x >= -0.5 && h.x <= float(grid.x) - 0.5 && h.y >= -0.5 && h.y <= float(grid.y) - 0.5)
    {
        float confidence = clamp(history[i].w / p.maxWeight, 0.0, 1.0);
        float a = 1.0 - (1.0 - p.blend) * confidence;
        vec3 lo = vec3(1e30), hi = vec3(-1e30);
        for (int j = -1; j <= 1; j++)
        {
            for (int k = -1; k <= 1; k++)
            {
                vec3 v = networkOutput(pos + ivec2(k, j), grid);
                lo = min(lo, v);
                hi = max(hi, v);
            }
        }

        vec3 previous = clamp(previousShown(h, grid), lo, hi);
        shown = a < 1.0 ? a * current + (1.0 - a) * previous : current;
    }

    shownOut[i] = vec4(shown, 0.0);
    target[i] = vec4(shown, 1.0);
}
