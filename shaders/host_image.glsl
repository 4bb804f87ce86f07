// Reading a pixel of a host image (colour or HUD), bound one of two ways, with the same result:
//   HOST_IMAGE defined (the name of a sampler2D): sampled directly through a view of the host's image;
//   otherwise: from the 32-bit words a copy put into a buffer (PACKED_IN, see packed_image.glsl).
// 8-bit values come back display-encoded and exact (k · 1/255, as the CPU reference has them): a view of an sRGB
// image decodes to linear when sampled, so its RGB is encoded again here, and rounding to the 8-bit grid removes the
// decode's tolerance. Alpha is never sRGB-encoded.
#ifdef HOST_IMAGE
float srgbEncode(float c)
{
    return c <= 0.0031308 ? 12.92 * c : 1.055 * pow(c, 1.0 / 2.4) - 0.055;
}

vec4 readHostPixel(uint format, ivec2 pos, uint rowWidth)
{
    vec4 v = texelFetch(HOST_IMAGE, pos, 0);
    if (format == FORMAT_R8G8B8A8_SRGB || format == FORMAT_B8G8R8A8_SRGB)
    {
        v.rgb = vec3(srgbEncode(v.r), srgbEncode(v.g), srgbEncode(v.b));
    }

    if (format != FORMAT_R16G16B16A16_FLOAT && format != FORMAT_R32G32B32A32_FLOAT)
    {
        v = round(clamp(v, 0.0, 1.0) * 255.0) * (1.0 / 255.0);
    }

    return v;
}
#else
#include "packed_image.glsl"

vec4 readHostPixel(uint format, ivec2 pos, uint rowWidth)
{
    return decodePixel(format, uint(pos.y) * rowWidth + uint(pos.x));
}
#endif
