#version 450
// Temporal inputs pass: the host's motion-vector and depth images (sampled directly, any float format) become the
// render-size buffers taau.comp reads: motion in render pixels (the stored value times the host's scale, so vectors
// stored in UV units or with the opposite sign convention arrive as previous minus current in pixels), and depth as a
// distance proportional to linear view depth (GameUpscaler.Temporal.TemporalDepth, which the CPU reference uses).
// It writes the depth buffer of this frame's parity; the previous frame's stays for the disocclusion test.
layout(local_size_x = 8, local_size_y = 8) in;

layout(push_constant) uniform Params
{
    uint width;      // render width
    uint height;     // render height
    float scaleX;    // motion vector scale
    float scaleY;
    uint depthMode;  // 0: linear view depth, 1: device depth, 2: inverted device depth
} p;

layout(binding = 0) uniform sampler2D motionImage;  // .xy
layout(binding = 1) uniform sampler2D depthImage;   // .x
layout(std430, binding = 2) writeonly buffer Motion { vec2 motion[]; };
layout(std430, binding = 3) writeonly buffer Depth { float depth[]; };

const float MINIMUM_FAR_GAP = 1e-30;

void main()
{
    uvec2 pos = gl_GlobalInvocationID.xy;
    if (pos.x >= p.width || pos.y >= p.height)
    {
        return;
    }

    uint pixel = pos.y * p.width + pos.x;
    motion[pixel] = texelFetch(motionImage, ivec2(pos), 0).xy * vec2(p.scaleX, p.scaleY);
    float stored = texelFetch(depthImage, ivec2(pos), 0).x;
    depth[pixel] = p.depthMode == 0u ? stored : 1.0 / max(p.depthMode == 2u ? stored : 1.0 - stored, MINIMUM_FAR_GAP);
}
