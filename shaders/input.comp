#version 450
// Input pass: the render-size region of the color image becomes the network tensor, block 0 = (R, G, B, 0); HDR
// colors go through the invertible tonemap first. HOST_IMAGE_INPUT=1: the host's image is sampled directly;
// otherwise it was copied to a buffer of packed words (the fallback for images without SAMPLED usage).
#include "common.glsl"

layout(local_size_x = 8, local_size_y = 8) in;

layout(push_constant) uniform Params
{
    uint width;   // render width (the packed rows are this long)
    uint height;  // render height
    uint format;  // FORMAT_* of the color image
    uint hdr;     // 1: apply the HDR tonemap
} p;

#if HOST_IMAGE_INPUT
layout(binding = 0) uniform sampler2D sourceImage;
#define HOST_IMAGE sourceImage
#else
layout(std430, binding = 0) readonly buffer Source { uint sourceWords[]; };
#define PACKED_IN sourceWords
#endif
layout(std430, binding = 1) writeonly buffer Tensor { sfpvec4 tensorOut[]; };

#include "host_image.glsl"

void main()
{
    uvec2 pos = gl_GlobalInvocationID.xy;
    if (pos.x >= p.width || pos.y >= p.height)
    {
        return;
    }

    uint pixel = pos.y * p.width + pos.x;
    vec3 rgb = readHostPixel(p.format, ivec2(pos), p.width).rgb;
    if (p.hdr != 0u)
    {
        rgb = hdrForward(rgb);
    }

    tensorOut[pixel] = sfpvec4(vec4(rgb, 0.0));
}
