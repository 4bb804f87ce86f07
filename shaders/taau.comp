#version 450
// Temporal accumulation upscaler (TAAU): one pass per frame, the same rule as
// GameUpscaler.Temporal.TemporalUpscalerReference step by step (its remarks explain each step): depth-dilated motion,
// Lanczos-3 history reprojection, disocclusion from depth (dilated and own surface), YCoCg variance clipping with
// a wider box where nothing moves, Gaussian-weighted jittered samples, a fading spatial estimate in the output only.
// History is display-size (rgb, accumulated sample weight); the host ping-pongs historyIn/historyOut and the depth
// buffers. The output (display-size RGBA) goes on to finish.comp like the spatial pass's.
#include "common.glsl"

layout(local_size_x = 8, local_size_y = 8) in;

layout(push_constant) uniform Params
{
    uint renderWidth;
    uint renderHeight;
    uint displayWidth;
    uint displayHeight;
    float jitterX;
    float jitterY;
    uint flags; // bit 0: history valid, bit 1: depth given, bit 2: previous depth valid
    float twoSigmaSquared;
    float maxHistoryWeight;
    float movingHistoryWeight;
    float clipGamma;
    float staticClipGamma;
    float fallbackWeight;
    float depthTolerance;
} p;

layout(std430, binding = 0) readonly buffer Color { vec4 color[]; };       // render size, rgb in [0, 1]
layout(std430, binding = 1) readonly buffer Motion { vec2 motion[]; };     // render size, previous minus current, render pixels
layout(std430, binding = 2) readonly buffer Depth { float depth[]; };      // render size, linear (unused without flag bit 1)
layout(std430, binding = 3) readonly buffer PreviousDepth { float previousDepth[]; };
layout(std430, binding = 4) readonly buffer HistoryIn { vec4 historyIn[]; };  // display size, (rgb, weight)
layout(std430, binding = 5) writeonly buffer HistoryOut { vec4 historyOut[]; };
layout(std430, binding = 6) writeonly buffer Target { vec4 target[]; };     // display size

const uint HAS_HISTORY = 1u;
const uint HAS_DEPTH = 2u;
const uint HAS_PREVIOUS_DEPTH = 4u;

vec3 toYCoCg(vec3 c)
{
    return vec3(0.25 * c.r + 0.5 * c.g + 0.25 * c.b, 0.5 * c.r - 0.5 * c.b, -0.25 * c.r + 0.5 * c.g - 0.25 * c.b);
}

vec3 fromYCoCg(vec3 c)
{
    return vec3(c.x + c.y - c.z, c.x + c.z, c.x - c.y - c.z);
}

// Catmull-Rom at index coordinates (pixel centres at integers), 4×4 taps, edge-clamped, clamped to [0, 1].
vec3 catmullRomColor(vec2 uv)
{
    vec2 f = floor(uv);
    vec4 wx = catmullRomWeights(uv.x - f.x);
    vec4 wy = catmullRomWeights(uv.y - f.y);
    ivec2 base = ivec2(f);
    vec3 sum = vec3(0.0);
    for (int j = 0; j < 4; j++)
    {
        int sy = clamp(base.y - 1 + j, 0, int(p.renderHeight) - 1);
        for (int i = 0; i < 4; i++)
        {
            int sx = clamp(base.x - 1 + i, 0, int(p.renderWidth) - 1);
            sum += (wx[i] * wy[j]) * color[uint(sy) * p.renderWidth + uint(sx)].rgb;
        }
    }

    return clamp(sum, vec3(0.0), vec3(1.0));
}

// Lanczos-3 at index coordinates, 6×6 taps, edge-clamped, clamped to [0, 1]: the history's reprojection.
vec3 lanczosHistory(vec2 uv)
{
    vec2 f = floor(uv);
    float wx[6];
    float wy[6];
    lanczos3Weights(uv.x - f.x, wx);
    lanczos3Weights(uv.y - f.y, wy);
    ivec2 base = ivec2(f);
    vec3 sum = vec3(0.0);
    for (int j = 0; j < 6; j++)
    {
        int sy = clamp(base.y - 2 + j, 0, int(p.displayHeight) - 1);
        for (int i = 0; i < 6; i++)
        {
            int sx = clamp(base.x - 2 + i, 0, int(p.displayWidth) - 1);
            sum += (wx[i] * wy[j]) * historyIn[uint(sy) * p.displayWidth + uint(sx)].rgb;
        }
    }

    return clamp(sum, vec3(0.0), vec3(1.0));
}

float bilinearHistoryWeight(vec2 uv)
{
    uv = clamp(uv, vec2(0.0), vec2(p.displayWidth - 1u, p.displayHeight - 1u));
    ivec2 a = ivec2(uv);
    ivec2 b = min(a + 1, ivec2(p.displayWidth, p.displayHeight) - 1);
    vec2 f = uv - vec2(a);
    float top = historyIn[uint(a.y) * p.displayWidth + uint(a.x)].a * (1.0 - f.x) + historyIn[uint(a.y) * p.displayWidth + uint(b.x)].a * f.x;
    float bottom = historyIn[uint(b.y) * p.displayWidth + uint(a.x)].a * (1.0 - f.x) + historyIn[uint(b.y) * p.displayWidth + uint(b.x)].a * f.x;
    return top * (1.0 - f.y) + bottom * f.y;
}

// The surface the motion points to was closer in the previous frame than the current one: revealed background.
bool disoccluded(vec2 previous, float currentDepth)
{
    if ((p.flags & HAS_PREVIOUS_DEPTH) == 0u || isinf(currentDepth))
    {
        return false;
    }

    ivec2 q = clamp(ivec2(floor(previous)), ivec2(0), ivec2(p.renderWidth, p.renderHeight) - 1);
    return previousDepth[uint(q.y) * p.renderWidth + uint(q.x)] < currentDepth * (1.0 - p.depthTolerance);
}

void main()
{
    uvec2 pos = gl_GlobalInvocationID.xy;
    if (pos.x >= p.displayWidth || pos.y >= p.displayHeight)
    {
        return;
    }

    int rw = int(p.renderWidth);
    int rh = int(p.renderHeight);
    float toRenderX = float(p.renderWidth) / float(p.displayWidth);
    float toRenderY = float(p.renderHeight) / float(p.displayHeight);
    float toDisplayX = float(p.displayWidth) / float(p.renderWidth);
    float toDisplayY = float(p.displayHeight) / float(p.renderHeight);
    float px = (float(pos.x) + 0.5) * toRenderX;
    float py = (float(pos.y) + 0.5) * toRenderY;
    bool hasDepth = (p.flags & HAS_DEPTH) != 0u;

    // 1. Motion, dilated by depth.
    int mx = clamp(int(floor(px)), 0, rw - 1);
    int my = clamp(int(floor(py)), 0, rh - 1);
    int motionPixel = my * rw + mx;
    // The centre first, so that where depths tie (a flat wall, constant depth) the centre's own motion is used.
    float closest = hasDepth ? depth[motionPixel] : 1.0 / 0.0;
    if (hasDepth)
    {
        for (int j = -1; j <= 1; j++)
        {
            int sy = clamp(my + j, 0, rh - 1);
            for (int i = -1; i <= 1; i++)
            {
                int sx = clamp(mx + i, 0, rw - 1);
                float d = depth[sy * rw + sx];
                if (d < closest)
                {
                    closest = d;
                    motionPixel = sy * rw + sx;
                }
            }
        }
    }

    vec2 m = motion[motionPixel];

    // 2. The 3×3 jittered samples nearest the centre.
    int cx = clamp(int(floor(px - p.jitterX)), 0, rw - 1);
    int cy = clamp(int(floor(py - p.jitterY)), 0, rh - 1);
    float sumW = 0.0;
    vec3 sumC = vec3(0.0);
    vec3 m1 = vec3(0.0);
    vec3 m2 = vec3(0.0);
    float n = 0.0;
    for (int j = -1; j <= 1; j++)
    {
        int sy = cy + j;
        if (sy < 0 || sy >= rh)
        {
            continue;
        }

        for (int i = -1; i <= 1; i++)
        {
            int sx = cx + i;
            if (sx < 0 || sx >= rw)
            {
                continue;
            }

            vec3 c = color[sy * rw + sx].rgb;
            float dx = (float(sx) + 0.5 + p.jitterX - px) * toDisplayX;
            float dy = (float(sy) + 0.5 + p.jitterY - py) * toDisplayY;
            float w = exp(-(dx * dx + dy * dy) / p.twoSigmaSquared);
            sumW += w;
            sumC += w * c;
            vec3 ycocg = toYCoCg(c);
            m1 += ycocg;
            m2 += ycocg * ycocg;
            n += 1.0;
        }
    }

    // 3. History, unless off screen, invalid or disoccluded.
    float historyX = float(pos.x) + m.x * toDisplayX;
    float historyY = float(pos.y) + m.y * toDisplayY;
    float historyWeight = 0.0;
    vec3 historyColor = vec3(0.0);
    bool onScreen = historyX >= -0.5 && historyX <= float(p.displayWidth) - 0.5 && historyY >= -0.5 && historyY <= float(p.displayHeight) - 0.5;
    int own = my * rw + mx;
    bool revealed = hasDepth
        && (disoccluded(vec2(px, py) + m, closest) || disoccluded(vec2(px, py) + motion[own], depth[own]));
    if ((p.flags & HAS_HISTORY) != 0u && onScreen && !revealed)
    {
        float motionPixels = sqrt(m.x * toDisplayX * m.x * toDisplayX + m.y * toDisplayY * m.y * toDisplayY);
        float still = max(0.0, 1.0 - motionPixels);
        float cap = p.movingHistoryWeight + still * (p.maxHistoryWeight - p.movingHistoryWeight);
        historyWeight = min(bilinearHistoryWeight(vec2(historyX, historyY)), cap);
        historyColor = lanczosHistory(vec2(historyX, historyY));

        // 4. Rectify: clip into mean ± γσ of the current neighbourhood.
        float inv = 1.0 / n;
        float gamma = p.clipGamma + still * (p.staticClipGamma - p.clipGamma);
        vec3 mean = m1 * inv;
        vec3 extent = gamma * sqrt(max(m2 * inv - mean * mean, vec3(0.0))) + 1.0e-4;
        vec3 v = toYCoCg(historyColor) - mean;
        vec3 units = abs(v) / extent;
        float most = max(units.x, max(units.y, units.z));
        if (most > 1.0)
        {
            historyColor = fromYCoCg(mean + v / most);
        }
    }

    // 5. Accumulate; the spatial estimate joins the output only, while history is short.
    float accumulated = historyWeight + sumW;
    float fallback = p.fallbackWeight * max(0.0, 1.0 - accumulated * 0.5);
    vec3 spatial = vec3(0.0);
    if (fallback > 0.0 || accumulated <= 0.0)
    {
        spatial = catmullRomColor(vec2(px - 0.5 - p.jitterX, py - 0.5 - p.jitterY));
    }

    vec3 history = accumulated > 0.0 ? (historyWeight * historyColor + sumC) / accumulated : spatial;
    history = clamp(history, vec3(0.0), vec3(1.0));
    vec3 shown = fallback > 0.0 ? (accumulated * history + fallback * spatial) / (accumulated + fallback) : history;
    uint index = pos.y * p.displayWidth + pos.x;
    historyOut[index] = vec4(history, min(accumulated, p.maxHistoryWeight));
    target[index] = vec4(clamp(shown, vec3(0.0), vec3(1.0)), 1.0);
}
