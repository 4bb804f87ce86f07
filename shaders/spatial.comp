#version 450
// Spatial fallback: the edge-adaptive upscale of GameUpscaler.Resampling.SpatialUpscaler (see its remarks for the
// rule, step by step), from the fp32 input tensor (RGB in .rgb) to display-size RGBA. Sharpening follows in
// finish.comp, as ContrastAdaptiveSharpener follows the CPU upscale.
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

const float EDGE_ENERGY_EPSILON = 1.0 / 1024.0;
const float ALONG_SHRINK = 0.35;
const float LOBE_EDGE = 1.5;

vec3 texel(ivec2 q)
{
    q = clamp(q, ivec2(0), ivec2(p.sourceWidth, p.sourceHeight) - 1);
    return source[uint(q.y) * p.sourceWidth + uint(q.x)].rgb;
}

float luma(ivec2 q)
{
    vec3 c = texel(q);
    return (0.25 * c.r + 0.5 * c.g) + 0.25 * c.b;
}

// (gx², gx·gy, gy²) at an unclamped position: the CPU pads the image by repeating its border, so neighbours are
// clamped but the position itself is not (a pixel left of the image has a zero horizontal gradient).
vec3 tensorAt(ivec2 q)
{
    float gx = 0.5 * (luma(q + ivec2(1, 0)) - luma(q - ivec2(1, 0)));
    float gy = 0.5 * (luma(q + ivec2(0, 1)) - luma(q - ivec2(0, 1)));
    return vec3(gx * gx, gx * gy, gy * gy);
}

void main()
{
    uvec2 pos = gl_GlobalInvocationID.xy;
    if (pos.x >= p.targetWidth || pos.y >= p.targetHeight)
    {
        return;
    }

    uint outIndex = pos.y * p.targetWidth + pos.x;
    if (p.sourceWidth == p.targetWidth && p.sourceHeight == p.targetHeight)
    {
        target[outIndex] = vec4(texel(ivec2(pos)), 1.0);
        return;
    }

    float scaleX = float(p.sourceWidth) / float(p.targetWidth);
    float scaleY = float(p.sourceHeight) / float(p.targetHeight);
    float sx = (float(pos.x) + 0.5) * scaleX - 0.5;
    float sy = (float(pos.y) + 0.5) * scaleY - 0.5;
    float x0f = floor(sx);
    float y0f = floor(sy);
    float fx = sx - x0f;
    float fy = sy - y0f;
    ivec2 base = ivec2(int(x0f), int(y0f));

    vec3 t11 = tensorAt(base);
    vec3 t21 = tensorAt(base + ivec2(1, 0));
    vec3 t12 = tensorAt(base + ivec2(0, 1));
    vec3 t22 = tensorAt(base + ivec2(1, 1));
    vec3 j = (((1.0 - fx) * (1.0 - fy)) * t11 + (fx * (1.0 - fy)) * t21) + (((1.0 - fx) * fy) * t12 + (fx * fy) * t22);
    float jxx = j.x, jxy = j.y, jyy = j.z;

    float trace = jxx + jyy;
    float diff = jxx - jyy;
    float disc = sqrt(diff * diff + 4.0 * jxy * jxy);
    float strength = disc / (trace + EDGE_ENERGY_EPSILON);
    float c = 1.0, s = 0.0;
    if (disc > 0.0)
    {
        float c2 = diff / disc;
        c = sqrt(max(0.0, 0.5 + 0.5 * c2));
        s = sqrt(max(0.0, 0.5 - 0.5 * c2));
        if (jxy < 0.0)
        {
            s = -s;
        }
    }

    float stretch = 1.0 / max(abs(c), abs(s));
    float kA = 1.0 + strength * (stretch - 1.0);
    float kL = 1.0 - strength * ALONG_SHRINK;
    float lobe = -0.5 * (1.0 + strength * (LOBE_EDGE - 1.0));

    vec4 dx = vec4(-1.0, 0.0, 1.0, 2.0) - fx;
    vec4 dxAcross = dx * (kA * c);
    vec4 dxAlong = dx * (kL * s);
    vec3 sum = vec3(0.0);
    float weightSum = 0.0;
    vec3 low = vec3(1e30), high = vec3(-1e30);
    for (int row = 0; row < 4; row++)
    {
        float dy = float(row - 1) - fy;
        vec4 u = dxAcross + dy * (kA * s);
        vec4 v = dy * (kL * c) - dxAlong;
        vec4 r = sqrt(u * u + v * v);
        vec4 rm1 = r - 1.0;
        vec4 rm2 = min(r - 2.0, vec4(0.0));
        vec4 inner = rm1 * (((1.5 * r) * r) - r - 1.0);
        vec4 outer = ((lobe * rm1) * rm2) * rm2;
        vec4 w = mix(inner, outer, greaterThan(r, vec4(1.0)));
        for (int col = 0; col < 4; col++)
        {
            vec3 value = texel(base + ivec2(col - 1, row - 1));
            sum += w[col] * value;
            weightSum += w[col];
            if ((row == 1 || row == 2) && (col == 1 || col == 2))
            {
                low = min(low, value);
                high = max(high, value);
            }
        }
    }

    target[outIndex] = vec4(clamp(sum / weightSum, low, high), 1.0);
}
