#version 450
// Fused conv3x3 (zero padding) + bias + PReLU over vec4 channel blocks. Layout of every tensor: block-planar,
// element (block, y, x) at (block * height + y) * width + x, 4 channels per element.
// One workgroup computes an 8x8 pixel tile of one output block; each input block's 10x10 neighbourhood is staged
// in shared memory once and read 9 times from there.
#include "common.glsl"

layout(local_size_x = 8, local_size_y = 8) in;

// Specialization constants, 0 = dynamic (the push constant is used instead).
layout(constant_id = 0) const uint INPUT_BLOCKS = 0;
layout(constant_id = 1) const uint OUTPUT_BLOCKS = 0;
layout(constant_id = 2) const uint FIXED_WIDTH = 0;
layout(constant_id = 3) const uint FIXED_HEIGHT = 0;

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
layout(std430, binding = 2) readonly buffer Weights { sfpvec4 weights[]; };
// Bias of output block o at 2o, PReLU slopes at 2o + 1.
layout(std430, binding = 3) readonly buffer BiasSlope { sfpvec4 biasSlope[]; };

shared afpvec4 tile[10][10];

void main()
{
    uint width = FIXED_WIDTH != 0u ? FIXED_WIDTH : p.width;
    uint height = FIXED_HEIGHT != 0u ? FIXED_HEIGHT : p.height;
    uint inputBlocks = INPUT_BLOCKS != 0u ? INPUT_BLOCKS : p.inputBlocks;
    uint outputBlock = gl_WorkGroupID.z;
    ivec2 origin = ivec2(gl_WorkGroupID.xy * 8u);
    ivec2 local = ivec2(gl_LocalInvocationID.xy);
    uint localIndex = gl_LocalInvocationIndex;
    ivec2 pos = origin + local;

    afpvec4 sum = afpvec4(biasSlope[2u * outputBlock]);
    for (uint block = 0u; block < inputBlocks; block++)
    {
        uint planeBase = block * height * width;
        for (uint i = localIndex; i < 100u; i += 64u)
        {
            ivec2 q = origin + ivec2(int(i % 10u), int(i / 10u)) - ivec2(1);
            bool inside = q.x >= 0 && q.y >= 0 && q.x < int(width) && q.y < int(height);
            tile[i / 10u][i % 10u] = inside ? afpvec4(source[planeBase + uint(q.y) * width + uint(q.x)]) : afpvec4(0.0);
        }

        barrier();
        uint weightBase = (outputBlock * inputBlocks + block) * 36u;
        for (uint tap = 0u; tap < 9u; tap++)
        {
            uint w = weightBase + tap * 4u;
            afpmat4 m = afpmat4(afpvec4(weights[w]), afpvec4(weights[w + 1u]), afpvec4(weights[w + 2u]), afpvec4(weights[w + 3u]));
            sum += m * tile[local.y + int(tap / 3u)][local.x + int(tap % 3u)];
        }

        barrier();
    }

    afpvec4 slope = afpvec4(biasSlope[2u * outputBlock + 1u]);
    sum = max(sum, afpvec4(0.0)) + slope * min(sum, afpvec4(0.0));
    if (pos.x < int(width) && pos.y < int(height))
    {
        target[(outputBlock * height + uint(pos.y)) * width + uint(pos.x)] = sfpvec4(sum);
    }
}
