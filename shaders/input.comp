#version 450
// Input pass: the render-size region of the color image (copied to a buffer of packed words) becomes the network
// tensor, block 0 = (R, G, B, 0); HDR colors go through the invertible tonemap first.
#include "common.glsl"

layout(local_size_x = 8, local_size_y = 8) in;

layout(push_constant) uniform Params
{
    uint width;   // render width (the packed rows are this long)
    uint height;  // render height
    uint format;  // FORMAT_* of the color image
    uint hdr;     // 1: apply the HDR tonemap
} p;

layout(std430, binding = 0) readonly buffer Source { uint sourceWords[]; };
layout(std430, binding = 1) writeonly buffer Tensor { sfpvec4 tensorOut[]; };

#define PACKED_IN sourceWords
#include "packed_image.glsl"

void main()
{
    uvec2 pos = gl_GlobalInvocationID.xy;
    if (pos.x >= p.width || pos.y >= p.height)
    {
        return;
    }

    uint pixel = pos.y * p.width + pos.x;
    vec3 rgb = decodePixel(p.format, pixel).rgb;
    if (p.hdr != 0u)
    {
        rgb = hdrForward(rgb);
    }

    tensorOut[pixel] = sfpvec4(vec4(rgb, 0.0));
}
