#version 450
// Resample to the display size for non-integer ratios: the rule of GameUpscaler.Resampling.OutputResampler
// (separable Catmull-Rom, Keys a = -0.5, pixel centres at +0.5, clamp-to-edge taps, fp32).
#include "common.glsl"

layout(local_size_x = 8, local_size_y = 8) in;

layout(push_constant) uniform Params
{
    uint sourceWidth;
    uint sourceHeight;
    uint targetWidth;
    uint targetHeight;
} p;

layout(std430, binding = 0) readonly buffer Source { vec4 source[]; };
layout(std430, binding = 1) writeonly buffer Target { vec4 target[]; };

vec4 cubicWeights(float t)
{
    return vec4(((-0.5 * t + 1.0) * t - 0.5) * t,
                (1.5 * t - 2.5) * t * t + 1.0,
                ((-1.5 * t + 2.0) * t + 0.5) * t,
                (0.5 * t - 0.5) * t * t);
}

void main()
{
    uvec2 pos = gl_GlobalInvocationID.xy;
    if (pos.x >= p.targetWidth || pos.y >= p.targetHeight)
    {
        return;
    }

    vec2 scale = vec2(float(p.sourceWidth) / float(p.targetWidth), float(p.sourceHeight) / float(p.targetHeight));
    vec2 src = (vec2(pos) + 0.5) * scale - 0.5;
    vec2 base = floor(src);
    vec2 t = src - base;
    vec4 wx = cubicWeights(t.x);
    vec4 wy = cubicWeights(t.y);
    ivec2 maxPos = ivec2(p.sourceWidth, p.sourceHeight) - 1;
    vec4 sum = vec4(0.0);
    for (int j = 0; j < 4; j++)
    {
        int y = clamp(int(base.y) - 1 + j, 0, maxPos.y);
        vec4 row = vec4(0.0);
        for (int i = 0; i < 4; i++)
        {
            int x = clamp(int(base.x) - 1 + i, 0, maxPos.x);
            row += wx[i] * source[uint(y) * p.sourceWidth + uint(x)];
        }

        sum += wy[j] * row;
    }

    target[pos.y * p.targetWidth + pos.x] = sum;
}
