// Reading and writing pixels of images copied to or from buffers as tightly packed 32-bit words.
// 8-bit formats carry display-encoded values: an sRGB image's bytes are used as stored (the network works on
// encoded values, as it was trained on PNG bytes), so UNORM and SRGB differ only in how the host's view decodes.

vec4 decodePixel(uint format, uint pixel)
{
    uint base = pixel * wordsPerPixel(format);
    if (format == FORMAT_R32G32B32A32_FLOAT)
    {
        return uintBitsToFloat(uvec4(PACKED_IN[base], PACKED_IN[base + 1u], PACKED_IN[base + 2u], PACKED_IN[base + 3u]));
    }

    if (format == FORMAT_R16G16B16A16_FLOAT)
    {
        return vec4(unpackHalf2x16(PACKED_IN[base]), unpackHalf2x16(PACKED_IN[base + 1u]));
    }

    // unpackUnorm4x8 puts the lowest byte (the first in memory) in .x; the CPU reference multiplies by 1/255.
    uint word = PACKED_IN[base];
    vec4 v = vec4(uvec4(word & 255u, (word >> 8) & 255u, (word >> 16) & 255u, word >> 24)) * (1.0 / 255.0);
    return (format == FORMAT_B8G8R8A8_UNORM || format == FORMAT_B8G8R8A8_SRGB) ? v.bgra : v;
}
