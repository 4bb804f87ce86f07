#version 450
// Temporal generator input: the network tensor at render size from the current frame, the accumulation's frame on the
// s× grid and its weights — GameUpscaler.Temporal.TemporalGeneratorInput's planes, packed 4 per block: channel 0–2 the
// current frame's RGB, 3 + c·s² + dy·s + dx colour c of grid pixel (s·x + dx, s·y + dy) (space-to-depth, PyTorch
// pixel_unshuffle order), 3 + 3s² the confidence (accumulated weight over its cap, averaged over the s×s block),
// padding lanes zero.
#include "common.glsl"

layout(local_size_x = 8, local_size_y = 8) in;

layout(push_constant) uniform Params
{
    uint width;           // render width
    uint height;          // render height
    uint scale;           // s
    float maxWeight;      // the accumulation's weight cap
} p;

layout(std430, binding = 0) readonly buffer Color { vec4 color[]; };          // render size, rgb in [0, 1]
layout(std430, binding = 1) readonly buffer Accumulated { vec4 accumulated[]; }; // grid size, the accumulation's shown frame
layout(std430, binding = 2) readonly buffer History { vec4 history[]; };      // grid size, (rgb, weight) just written
layout(std430, binding = 3) writeonly buffer Tensor { sfpvec4 tensorOut[]; };

float channelValue(uint channel, uvec2 pos, uint gridWidth, float confidence)
{
    uint s = p.scale;
    uint historyChannels = 3u * s * s;
    if (channel < 3u)
    {
        return color[pos.y * p.width + pos.x][channel];
    }

    if (channel < 3u + historyChannels)
    {
        uint k = channel - 3u;
        uint c = k / (s * s);
        uint dy = (k / s) % s;
        uint dx = k % s;
        return accumulated[(pos.y * s + dy) * gridWidth + pos.x * s + dx][c];
    }

    return channel == 3u + historyChannels ? confidence : 0.0;
}

void main()
{
    uvec2 pos = gl_GlobalInvocationID.xy;
    if (pos.x >= p.width || pos.y >= p.height)
    {
        return;
    }

    uint s = p.scale;
    uint gridWidth = p.width * s;
    float weight = 0.0;
    for (uint dy = 0u; dy < s; dy++)
    {
        for (uint dx = 0u; dx < s; dx++)
        {
            weight += history[(pos.y * s + dy) * gridWidth + pos.x * s + dx].w;
        }
    }

    float confidence = min(weight / (float(s * s) * p.maxWeight), 1.0);
    uint channels = 3u + 3u * s * s + 1u;
    uint blocks = (channels + 3u) / 4u;
    uint plane = p.width * p.height;
    for (uint block = 0u; block < blocks; block++)
    {
        vec4 v = vec4(
            channelValue(4u * block, pos, gridWidth, confidence),
            channelValue(4u * block + 1u, pos, gridWidth, confidence),
            channelValue(4u * block + 2u, pos, gridWidth, confidence),
            channelValue(4u * block + 3u, pos, gridWidth, confidence));
        tensorOut[block * plane + pos.y * p.width + pos.x] = sfpvec4(v);
    }
}
