#version 450
// The temporal generator's correction history, GameUpscaler.Temporal.CorrectionHistory step by step (its remarks say
// why): raw = network output (clamped) − accumulated frame; the previous shown correction, Catmull-Rom-sampled where
// the grid pixel's render motion points and clamped into the raw correction's 3×3 range, is blended in by the
// accumulation's confidence; the target gets accumulated + shown correction, clamped. Grid size = scale × render size;
// the host ping-pongs correctionIn/correctionOut with the TAAU's history parity.
#include "common.glsl"

layout(local_size_x = 8, local_size_y = 8) in;

layout(push_constant) uniform Params
{
    uint width;       // render width
    uint height;      // render height
    uint scale;       // s
    uint flags;       // bit 0: the previous correction is valid
    float maxWeight;  // the accumulation's weight cap
    float blend;      // the correction's weight where the accumulation has converged
} p;

layout(std430, binding = 0) readonly buffer Raw { vec4 raw[]; };                  // grid, the network's clamped output
layout(std430, binding = 1) readonly buffer Accumulated { vec4 accumulated[]; };  // grid, the accumulation's shown frame
layout(std430, binding = 2) readonly buffer History { vec4 history[]; };          // grid, (rgb, weight) just written
layout(std430, binding = 3) readonly buffer Motion { vec2 motion[]; };            // render size, previous minus current, render pixels
layout(std430, binding = 4) readonly buffer CorrectionIn { vec4 correctionIn[]; };
layout(std430, binding = 5) writeonly buffer CorrectionOut { vec4 correctionOut[]; };
layout(std430, binding = 6) writeonly buffer Target { vec4 target[]; };            // grid

const uint HAS_PREVIOUS = 1u;

vec3 rawCorrection(ivec2 q, ivec2 grid)
{
    q = clamp(q, ivec2(0), grid - 1);
    uint i = uint(q.y * grid.x + q.x);
    return raw[i].rgb - accumulated[i].rgb;
}

vec3 previousCorrection(vec2 uv, ivec2 grid)
{
    vec2 f = floor(uv);
    ivec2 base = ivec2(f);
    vec4 wx = catmullRomWeights(uv.x - f.x);
    vec4 wy = catmullRomWeights(uv.y - f.y);
    vec3 sum = vec3(0.0);
    for (int j = 0; j < 4; j++)
    {
        int sy = clamp(base.y - 1 + j, 0, grid.y - 1);
        for (int i = 0; i < 4; i++)
        {
            int sx = clamp(base.x - 1 + i, 0, grid.x - 1);
            sum += wx[i] * wy[j] * correctionIn[sy * grid.x + sx].rgb;
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
    vec3 current = rawCorrection(pos, grid);
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
                vec3 v = rawCorrection(pos + ivec2(k, j), grid);
                lo = min(lo, v);
                hi = max(hi, v);
            }
        }

        vec3 previous = clamp(previousCorrection(h, grid), lo, hi);
        shown = a < 1.0 ? a * current + (1.0 - a) * previous : current;
    }

    correctionOut[i] = vec4(shown, 0.0);
    target[i] = vec4(clamp(accumulated[i].rgb + shown, 0.0, 1.0), 1.0);
}
