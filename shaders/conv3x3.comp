#version 450
// Fused conv3x3 (zero padding) + bias + PReLU over vec4 channel blocks. Layout of every tensor: block-planar,
// element (block, y, x) at (block * height + y) * width + x, 4 channels per element.
// Tiling: a workgroup covers an 8 x 8 pixel tile; each input block's 10 x 10 neighbourhood is staged in shared
// memory once and read 9 times from there, and each invocation computes up to OUTPUT_GROUP output blocks of its
// pixel, so every staged vec4 feeds 4 * OUTPUT_GROUP output channels (register tiling over channels).
#include "common.glsl"

layout(local_size_x = 8, local_size_y = 8) in;

// Specialization constants, 0 = dynamic (the push constant is used instead).
layout(constant_id = 0) const uint INPUT_BLOCKS = 0;
layout(constant_id = 1) const uint OUTPUT_BLOCKS = 0;
layout(constant_id = 2) const uint FIXED_WIDTH = 0;
layout(constant_id = 3) const uint FIXED_HEIGHT = 0;

// Output blocks per invocation (compile-time: it sizes the accumulator array). Dispatch z = ceil(outputBlocks / 4).
#define OUTPUT_GROUP 4u

layout(push_constant) uniform Params
{
    uint width;
    uint height;
    uint inputBlocks;
    uint outputBlocks;
} p;

layout(std430, binding = 0) readonly buffer Source { sfpvec4 source[]; };
layout(std430, binding = 1) writeonly buffer Target { sfpvec4 target[]; };
// Weights: for output block o, input block i, tap t (ky * 3 + kx): 4 columns, column k = the weights of input lane
// k for the 4 output lanes, at ((o * inputBlocks + i) * 9 + t) * 4 + k.
#if WEIGHTS_UBO
// fp32 weights in a uniform buffer when they fit maxUniformBufferRange: every invocation reads the same address,
// which CPU devices (lavapipe) turn into one broadcast load instead of a per-lane gather.
layout(constant_id = 4) const uint WEIGHT_VECTORS = 1; // vec4 count of the weights (sizes the uniform array)
layout(std140, binding = 2) uniform Weights { vec4 weights[WEIGHT_VECTORS]; };
#else
layout(std430, binding = 2) readonly buffer Weights { sfpvec4 weights[]; };
#endif
// Bias of output block o at 2o, PReLU slopes at 2o + 1.
layout(std430, binding = 3) readonly buffer BiasSlope { sfpvec4 biasSlope[]; };

shared afpvec4 tile[10][10];

void main()
{
    uint width = FIXED_WIDTH != 0u ? FIXED_WIDTH : p.width;
    uint height = FIXED_HEIGHT != 0u ? FIXED_HEIGHT : p.height;
    uint inputBlocks = INPUT_BLOCKS != 0u ? INPUT_BLOCKS : p.inputBlocks;
    uint outputBlocks = OUTPUT_BLOCKS != 0u ? OUTPUT_BLOCKS : p.outputBlocks;
    ivec2 origin = ivec2(gl_WorkGroupID.xy * 8u);
    ivec2 local = ivec2(gl_LocalInvocationID.xy);
    ivec2 pos = origin + local;
    uint firstBlock = gl_GlobalInvocationID.z * OUTPUT_GROUP;
    uint count = min(OUTPUT_GROUP, outputBlocks - firstBlock);
    afpvec4 sum[OUTPUT_GROUP];
    for (uint g = 0u; g < OUTPUT_GROUP; g++)
    {
        sum[g] = g < count ? afpvec4(biasSlope[2u * (firstBlock + g)]) : afpvec4(0.0);
    }

    uint plane = height * width;
    for (uint block = 0u; block < inputBlocks; block++)
    {
        // Stage the tile plus a 1-pixel border; outside the image is the zero padding.
        for (uint i = gl_LocalInvocationIndex; i < 100u; i += 64u)
        {
            ivec2 q = origin + ivec2(int(i % 10u), int(i / 10u)) - ivec2(1);
            bool inside = q.x >= 0 && q.y >= 0 && q.x < int(width) && q.y < int(height);
            tile[i / 10u][i % 10u] = inside ? afpvec4(source[block * plane + uint(q.y) * width + uint(q.x)]) : afpvec4(0.0);
        }

        barrier();
        for (uint tap = 0u; tap < 9u; tap++)
        {
            afpvec4 v = tile[local.y + int(tap / 3u)][local.x + int(tap % 3u)];
            for (uint g = 0u; g < count; g++)
            {
                uint w = (((firstBlock + g) * inputBlocks + block) * 9u + tap) * 4u;
                sum[g] += afpmat4(afpvec4(weights[w]), afpvec4(weights[w + 1u]), afpvec4(weights[w + 2u]), afpvec4(weights[w + 3u])) * v;
            }
        }

        barrier();
    }

    if (pos.x >= int(width) || pos.y >= int(height))
    {
        return;
    }

    for (uint g = 0u; g < count; g++)
    {
        uint o = firstBlock + g;
        afpvec4 slope = afpvec4(biasSlope[2u * o + 1u]);
        afpvec4 s = max(sum[g], afpvec4(0.0)) + slope * min(sum[g], afpvec4(0.0));
        target[o * plane + uint(pos.y) * width + uint(pos.x)] = sfpvec4(s);
    }
}
