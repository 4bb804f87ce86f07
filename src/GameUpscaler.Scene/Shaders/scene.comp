#version 450
// The sample game's world, ray-cast per pixel in a compute shader (simpler and faster than a raster pipeline on
// lavapipe, and exact for thin geometry): a road with lane markings between rows of thin poles carrying wires, a
// picket fence, building facades with window grids, a checkered lawn and overhead signs with text — all detail that
// aliases at one sample per pixel — and a bouncing ball that moves on its own (its motion is not the camera's). The
// camera follows one of three fixed paths of `time` (the evaluation paths of the reports), or one of the training
// paths 3 and up (parametric: speed, direction, height, side and sway drawn from the path number), each with a camera
// cut, so frame k is reproducible.
// Samples are taken at pixel + 0.5 + jitter (a temporal upscaler's sub-pixel offset); samplesPerAxis > 1 averages a
// regular grid of samples per pixel (the supersampled references of training pairs and captures).
// WRITE_MOTION: also writes, per pixel, the motion vector (previous minus current position of the surface seen at
// the pixel centre without jitter, in pixels: the DLSS/FSR convention) and the linear view depth, exactly, from the
// ray caster: the previous camera and, for the ball, its previous position.
#include "font.glsl"

layout(local_size_x = 8, local_size_y = 8) in;

layout(push_constant) uniform Params
{
    uint width;
    uint height;
    uint samplesPerAxis;
    float time;
    float previousTime;
    float jitterX;
    float jitterY;
    uint path;
    uint flags; // bit 0: this frame is a reset (motion vectors are zero)
} p;

// The game's colour target: RGBA8 UNORM holding display-encoded (sRGB) values, written as a storage image.
layout(rgba8, binding = 0) writeonly uniform image2D target;

#if WRITE_MOTION
// (mx, my, linear depth, 0) per pixel.
layout(rgba32f, binding = 1) writeonly uniform image2D motionDepth;
#endif

const float FAR = 1.0e4;
const vec3 SUN = normalize(vec3(-0.45, 0.8, 0.4));
const float POLE_SPACING = 4.0;
const float POLE_SIDE = 2.6;
const float POLE_HEIGHT = 5.0;
const float POLE_RADIUS = 0.04;
const float WIRE_RADIUS = 0.012;
const float FENCE_Z = -4.5;
const float FACADE_Z = 9.0;
const float SIGN_SPACING = 30.0;
const float SIGN_OFFSET = 20.0;
// "GAMEUPSCALER" as indices into the font (BitmapFontData.Characters).
const uint SIGN_TEXT[12] = uint[](7u, 1u, 13u, 5u, 21u, 16u, 19u, 3u, 1u, 12u, 5u, 18u);
const float BALL_RADIUS = 0.55;
// When each path cuts, and how far ahead on its own path it jumps (SceneRenderer.CutTimes mirrors these).
const float CUT_TIME[3] = float[](1.2, 1.0, 1.4);
const float CUT_JUMP = 40.0;
// The first training path (SceneRenderer.FirstTrainingPath).
const uint FIRST_TRAINING_PATH = 3u;
// The first still training path (SceneRenderer.FirstStillTrainingPath).
const uint FIRST_STILL_TRAINING_PATH = 512u;
// The first idling training path (SceneRenderer.FirstIdleTrainingPath).
const uint FIRST_IDLE_TRAINING_PATH = 768u;

struct Hit
{
    float t;
    vec3 normal;
    int material;
    vec2 uv;
};

float hash11(float x)
{
    return fract(sin(x * 127.1) * 43758.5453);
}

// A training path's cut falls half a frame off a frame time (frame k is at k / 30 s), so the GPU's float time and the
// host's SceneRenderer.CutTime agree on which frame cuts: at frame 12 + 3·(k mod 8) for training path 3 + k.
float cutTime(uint path)
{
    return path < FIRST_TRAINING_PATH ? CUT_TIME[path] : (12.5 + 3.0 * float((path - FIRST_TRAINING_PATH) % 8u)) / 30.0;
}

// The path's own time: after the cut it continues 40 s further along, somewhere else entirely.
float pathTime(float t, uint path)
{
    return t < cutTime(path) ? t : t + CUT_JUMP;
}

// A training path's shape parameter i of path k, in [0, 1).
float trainingParameter(uint path, float i)
{
    return hash11(float(path) * 17.31 + i * 3.77);
}

void camera(float time, uint path, out vec3 position, out vec3 forward)
{
    float t = pathTime(time, path);
    if (path >= FIRST_TRAINING_PATH)
    {
        // Down the road either way at 0 to 9 m/s, from eye height to a rooftop view, anywhere between the fence and the
        // facades, looking ahead, across or back, with sway: the variety a trainer needs, never the report's paths.
        // Paths from FIRST_STILL_TRAINING_PATH hold the camera still (a player standing, a menu over the game): the
        // pose of the path's start, and after the cut the pose at the jump; only the ball moves (and, from
        // FIRST_IDLE_TRAINING_PATH, the camera's idle motion below).
        if (path >= FIRST_STILL_TRAINING_PATH)
        {
            t = t < CUT_JUMP ? 0.0 : CUT_JUMP;
        }

        float speed = mix(-9.0, 9.0, trainingParameter(path, 1.0));
        float start = 300.0 * trainingParameter(path, 2.0);
        float height = mix(1.0, 4.5, trainingParameter(path, 3.0));
        float side = mix(-3.0, 5.0, trainingParameter(path, 4.0));
        float yaw0 = mix(-1.0, 1.0, trainingParameter(path, 5.0)) + (speed < 0.0 ? 3.14159 : 0.0);
        float sway = mix(0.0, 0.5, trainingParameter(path, 6.0));
        float pitch = mix(-0.3, 0.08, trainingParameter(path, 7.0));
        position = vec3(start + speed * t, height + 0.15 * sin(1.1 * t), side + 0.6 * sin(0.45 * t));
        float yaw = yaw0 + sway * sin(0.6 * t + 6.0 * trainingParameter(path, 8.0));
        if (path >= FIRST_IDLE_TRAINING_PATH)
        {
            // A player standing with the camera's idle motion (breathing, a resting hand on the mouse): 1 to 6 cm of
            // slow drift and a few thousandths of a radian of sway, so every pixel moves by hundredths of a pixel per
            // frame. An exactly still camera never resamples its history; this one does, a little, every frame.
            float w = mix(0.4, 1.6, trainingParameter(path, 10.0));
            vec3 drift = normalize(vec3(trainingParameter(path, 11.0) - 0.5, 0.4 * (trainingParameter(path, 12.0) - 0.5), trainingParameter(path, 13.0) - 0.5) + vec3(1.0e-3));
            position += mix(0.01, 0.06, trainingParameter(path, 14.0)) * sin(w * time) * drift;
            yaw += mix(0.0, 0.003, trainingParameter(path, 15.0)) * sin(0.7 * w * time + 1.0);
            pitch += mix(0.0, 0.002, trainingParameter(path, 16.0)) * sin(1.3 * w * time + 2.0);
        }

        forward = normalize(vec3(cos(yaw) * cos(pitch), sin(pitch), sin(yaw) * cos(pitch)));
        return;
    }

    if (path == 1u)
    {
        // A slow strafe along the right-hand facades and the fence, looking across the road.
        position = vec3(1.5 * t, 1.7, -1.0 + 0.3 * sin(0.4 * t));
        float yaw = 0.9 + 0.1 * sin(0.3 * t);
        forward = normalize(vec3(cos(yaw), -0.05, sin(yaw)));
        return;
    }

    if (path == 2u)
    {
        // Nearly still, down the road: the ball does the moving.
        position = vec3(0.05 * sin(0.5 * t) + (t > 20.0 ? 60.0 : 0.0), 1.6, 0.2);
        forward = normalize(vec3(1.0, -0.06, 0.12 + (t > 20.0 ? -0.3 : 0.0)));
        return;
    }

    position = vec3(6.0 * t, 1.6 + 0.1 * sin(1.3 * t), 0.8 * sin(0.5 * t));
    float yaw = 0.25 * sin(0.35 * t);
    float pitch = 0.05 + 0.03 * sin(0.7 * t);
    forward = normalize(vec3(cos(yaw) * cos(pitch), sin(pitch), sin(yaw) * cos(pitch)));
}

// The ball: ahead of the camera on its path, weaving and bouncing on its own.
vec3 ball(float time, uint path)
{
    float t = pathTime(time, path);
    vec3 eye;
    vec3 ahead;
    camera(time, path, eye, ahead);
    float bounce = BALL_RADIUS + 0.7 * abs(sin(2.2 * t));
    if (path >= FIRST_TRAINING_PATH)
    {
        // In view: a few metres ahead of the camera along its gaze, weaving across it.
        vec3 level = normalize(vec3(ahead.x, 0.0, ahead.z) + vec3(1.0e-4, 0.0, 0.0));
        float range = mix(4.0, 12.0, trainingParameter(path, 9.0));
        vec3 centre = eye + range * level + vec3(-level.z, 0.0, level.x) * (2.0 * sin(1.0 * t));
        return vec3(centre.x, bounce, clamp(centre.z, -4.0, 8.5));
    }

    if (path == 1u)
    {
        return vec3(eye.x + 3.0 + 2.5 * sin(1.1 * t), bounce, 1.6 + 0.8 * sin(0.7 * t));
    }

    if (path == 2u)
    {
        return vec3(eye.x + 9.0 + 1.5 * sin(0.6 * t), bounce, 2.0 * sin(1.2 * t));
    }

    return vec3(eye.x + 9.0 + 2.5 * sin(0.9 * t), bounce, 1.4 * sin(0.7 * t + 1.0));
}

void consider(inout Hit best, float t, vec3 normal, int material, vec2 uv)
{
    if (t > 1.0e-3 && t < best.t)
    {
        best = Hit(t, normal, material, uv);
    }
}

// A vertical cylinder (axis +y) from y = 0 to height at (cx, cz).
void pole(inout Hit best, vec3 o, vec3 d, vec2 c, float radius, float height)
{
    vec2 oc = o.xz - c;
    float a = dot(d.xz, d.xz);
    float b = dot(oc, d.xz);
    float k = dot(oc, oc) - radius * radius;
    float disc = b * b - a * k;
    if (disc < 0.0 || a < 1.0e-8)
    {
        return;
    }

    float t = (-b - sqrt(disc)) / a;
    float y = o.y + t * d.y;
    if (y > 0.0 && y < height)
    {
        vec2 n = (oc + t * d.xz) / radius;
        consider(best, t, vec3(n.x, 0.0, n.y), 2, vec2(0.0, y));
    }
}

// An infinite cylinder along x at (y0, z0): a wire.
void wire(inout Hit best, vec3 o, vec3 d, vec2 c, float radius)
{
    vec2 oc = o.yz - c;
    float a = dot(d.yz, d.yz);
    float b = dot(oc, d.yz);
    float k = dot(oc, oc) - radius * radius;
    float disc = b * b - a * k;
    if (disc < 0.0 || a < 1.0e-8)
    {
        return;
    }

    float t = (-b - sqrt(disc)) / a;
    vec2 n = (oc + t * d.yz) / radius;
    consider(best, t, vec3(0.0, n.x, n.y), 3, vec2(0.0));
}

// The ball, textured in its own frame (it does not spin), so the motion of a point on it is the ball's motion.
void sphere(inout Hit best, vec3 o, vec3 d, vec3 c, float radius)
{
    vec3 oc = o - c;
    float b = dot(oc, d);
    float k = dot(oc, oc) - radius * radius;
    float disc = b * b - k;
    if (disc < 0.0)
    {
        return;
    }

    float t = -b - sqrt(disc);
    vec3 n = (oc + t * d) / radius;
    consider(best, t, n, 7, vec2(atan(n.z, n.x), asin(clamp(n.y, -1.0, 1.0))));
}

bool glyphLit(uint glyph, int column, int row)
{
    uint bit = uint(row * 5 + column);
    uvec2 bits = GLYPHS[glyph];
    return bit < 32u ? ((bits.x >> bit) & 1u) != 0u : ((bits.y >> (bit - 32u)) & 1u) != 0u;
}

Hit trace(vec3 o, vec3 d, vec3 ballCentre)
{
    Hit best = Hit(FAR, vec3(0.0, 1.0, 0.0), 0, vec2(0.0));
    sphere(best, o, d, ballCentre, BALL_RADIUS);

    // Ground.
    if (d.y < 0.0)
    {
        float t = -o.y / d.y;
        vec3 q = o + t * d;
        consider(best, t, vec3(0.0, 1.0, 0.0), 1, q.xz);
    }

    // Poles on both sides of the road, from just behind the camera to far ahead.
    float first = floor(o.x / POLE_SPACING) - 1.0;
    for (int i = 0; i < 40; i++)
    {
        float x = (first + float(i)) * POLE_SPACING;
        pole(best, o, d, vec2(x, POLE_SIDE), POLE_RADIUS, POLE_HEIGHT);
        pole(best, o, d, vec2(x, -POLE_SIDE), POLE_RADIUS, POLE_HEIGHT);
    }

    // Two wires per side, strung along the poles.
    wire(best, o, d, vec2(POLE_HEIGHT - 0.3, POLE_SIDE), WIRE_RADIUS);
    wire(best, o, d, vec2(POLE_HEIGHT - 0.6, POLE_SIDE), WIRE_RADIUS);
    wire(best, o, d, vec2(POLE_HEIGHT - 0.3, -POLE_SIDE), WIRE_RADIUS);
    wire(best, o, d, vec2(POLE_HEIGHT - 0.6, -POLE_SIDE), WIRE_RADIUS);

    // Picket fence on the left: thin pickets and two rails, cut out of a plane.
    if (abs(d.z) > 1.0e-6)
    {
        float t = (FENCE_Z - o.z) / d.z;
        vec3 q = o + t * d;
        bool picket = fract(q.x / 0.2) < 0.22 && q.y < 1.1 + 0.05 * cos(6.2832 * fract(q.x / 0.2) / 0.22 - 3.1416);
        bool rail = abs(q.y - 0.35) < 0.03 || abs(q.y - 0.85) < 0.03;
        if (q.y > 0.0 && (picket || rail))
        {
            consider(best, t, vec3(0.0, 0.0, sign(-d.z)), 4, q.xy);
        }
    }

    // Facades on the right, with gaps between buildings and varying heights.
    if (d.z > 1.0e-6)
    {
        float t = (FACADE_Z - o.z) / d.z;
        vec3 q = o + t * d;
        float lot = floor(q.x / 14.0);
        float height = 4.0 + 5.0 * hash11(lot);
        if (fract(q.x / 14.0) < 0.78 && q.y > 0.0 && q.y < height)
        {
            consider(best, t, vec3(0.0, 0.0, -1.0), 5, vec2(q.x - lot * 14.0, q.y));
        }
    }

    // Overhead signs across the road, facing the camera.
    if (d.x > 1.0e-6)
    {
        float k = floor((o.x - SIGN_OFFSET) / SIGN_SPACING) + 1.0;
        for (int i = 0; i < 3; i++)
        {
            float sx = SIGN_OFFSET + (k + float(i)) * SIGN_SPACING;
            float t = (sx - o.x) / d.x;
            vec3 q = o + t * d;
            if (abs(q.z) < 2.2 && q.y > 3.0 && q.y < 3.8)
            {
                consider(best, t, vec3(-1.0, 0.0, 0.0), 6, vec2(q.z + 2.2, 3.8 - q.y));
            }
        }
    }

    return best;
}

vec3 sky(vec3 d)
{
    vec3 horizon = vec3(0.75, 0.82, 0.9);
    vec3 zenith = vec3(0.25, 0.45, 0.8);
    vec3 c = mix(horizon, zenith, clamp(d.y * 2.0, 0.0, 1.0));
    return c + vec3(1.0, 0.9, 0.7) * pow(max(dot(d, SUN), 0.0), 400.0) * 4.0;
}

vec3 albedo(Hit h)
{
    if (h.material == 1)
    {
        vec2 q = h.uv;
        float road = abs(q.y);
        if (road < 2.0)
        {
            vec3 asphalt = vec3(0.09) + 0.03 * hash11(floor(q.x * 8.0) + 17.0 * floor(q.y * 8.0));
            bool centre = road < 0.06 && fract(q.x / 3.0) < 0.5;
            bool edge = abs(road - 1.85) < 0.05;
            return centre || edge ? vec3(0.85) : asphalt;
        }

        // A fine lawn checker: period 0.25, far below a pixel at a distance.
        bool check = (int(floor(q.x * 4.0)) + int(floor(q.y * 4.0))) % 2 == 0;
        return check ? vec3(0.12, 0.32, 0.08) : vec3(0.2, 0.45, 0.12);
    }

    if (h.material == 2)
    {
        return vec3(0.55);
    }

    if (h.material == 3)
    {
        return vec3(0.02);
    }

    if (h.material == 4)
    {
        return vec3(0.85, 0.8, 0.7);
    }

    if (h.material == 5)
    {
        vec2 q = h.uv;
        vec2 cell = fract(q / vec2(1.0, 1.2));
        bool window = cell.x > 0.2 && cell.x < 0.8 && cell.y > 0.25 && cell.y < 0.85 && q.y > 1.0;
        float tint = hash11(floor(q.x) + 31.0 * floor(q.y / 1.2));
        return window ? mix(vec3(0.1, 0.15, 0.25), vec3(0.9, 0.8, 0.5), step(0.8, tint)) : vec3(0.6, 0.45, 0.35);
    }

    if (h.material == 7)
    {
        // Eight stripes around, four bands up: a pattern that shows the ball's own motion.
        bool check = (int(floor(h.uv.x * 4.0 / 3.1416 + 8.0)) + int(floor(h.uv.y * 4.0 / 3.1416 + 4.0))) % 2 == 0;
        return check ? vec3(0.9, 0.25, 0.1) : vec3(0.95, 0.9, 0.2);
    }

    if (h.material == 6)
    {
        // 12 glyphs of 5 × 7 cells, one cell apart, centred on the 4.4 × 0.8 sign.
        float cell = 4.4 / 76.0;
        vec2 c = (h.uv - vec2(2.0 * cell, (0.8 - 7.0 * cell) * 0.5)) / cell;
        int column = int(floor(c.x));
        int row = int(floor(c.y));
        int glyph = column / 6;
        int inGlyph = column - glyph * 6;
        bool lit = c.x >= 0.0 && row >= 0 && row < 7 && glyph < 12 && inGlyph < 5 && glyphLit(SIGN_TEXT[glyph], inGlyph, row);
        return lit ? vec3(0.95) : vec3(0.05, 0.3, 0.12);
    }

    return vec3(0.0);
}

vec3 shade(vec3 o, vec3 d, vec3 ballCentre)
{
    Hit h = trace(o, d, ballCentre);
    if (h.material == 0)
    {
        return sky(d);
    }

    vec3 n = h.normal;
    if (dot(n, d) > 0.0)
    {
        n = -n;
    }

    vec3 point = o + h.t * d;
    float light = max(dot(n, SUN), 0.0);
    // Hard shadows from the same world (poles and wires cast thin shadow lines on the road: more aliasing).
    if (light > 0.0)
    {
        Hit blocker = trace(point + n * 2.0e-3, SUN, ballCentre);
        if (blocker.material != 0)
        {
            light = 0.0;
        }
    }

    vec3 c = albedo(h) * (vec3(1.0, 0.95, 0.85) * 1.1 * light + vec3(0.3, 0.35, 0.45));
    float fog = 1.0 - exp(-h.t * 0.012);
    return mix(c, sky(d), fog);
}

vec3 encodeSrgb(vec3 c)
{
    c = clamp(c, 0.0, 1.0);
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(0.0031308, c));
}

vec3 rayDirection(vec2 s, vec3 forward, vec3 right, vec3 up, float tanHalf, float aspect)
{
    vec2 ndc = vec2(2.0 * s.x / float(p.width) - 1.0, 1.0 - 2.0 * s.y / float(p.height));
    return normalize(forward + right * ndc.x * tanHalf * aspect + up * ndc.y * tanHalf);
}

void basis(vec3 forward, out vec3 right, out vec3 up)
{
    right = normalize(cross(forward, vec3(0.0, 1.0, 0.0)));
    up = cross(right, forward);
}

void main()
{
    uvec2 pixel = gl_GlobalInvocationID.xy;
    if (pixel.x >= p.width || pixel.y >= p.height)
    {
        return;
    }

    vec3 origin;
    vec3 forward;
    camera(p.time, p.path, origin, forward);
    vec3 right;
    vec3 up;
    basis(forward, right, up);
    float tanHalf = tan(radians(30.0));
    float aspect = float(p.width) / float(p.height);
    vec3 ballCentre = ball(p.time, p.path);

    vec3 sum = vec3(0.0);
    uint n = max(p.samplesPerAxis, 1u);
    vec2 jitter = vec2(p.jitterX, p.jitterY);
    for (uint sy = 0u; sy < n; sy++)
    {
        for (uint sx = 0u; sx < n; sx++)
        {
            vec2 s = vec2(pixel) + (vec2(sx, sy) + 0.5) / float(n) + jitter;
            sum += shade(origin, rayDirection(s, forward, right, up, tanHalf, aspect), ballCentre);
        }
    }

    vec3 c = encodeSrgb(sum / float(n * n));
    // The bytes packUnorm4x8 gives (round to nearest), stored as (k + 1/4) / 255 so that the image's UNORM conversion
    // yields k whether the device rounds or truncates.
    imageStore(target, ivec2(pixel), vec4((round(clamp(c, 0.0, 1.0) * 255.0) + 0.25) * (1.0 / 255.0), 1.0));

#if WRITE_MOTION
    // The surface at the pixel centre, without jitter; where it was in the previous frame, projected with the
    // previous camera. The sky is at infinity: only the camera's rotation moves it.
    vec2 centre = vec2(pixel) + 0.5;
    vec3 d = rayDirection(centre, forward, right, up, tanHalf, aspect);
    Hit h = trace(origin, d, ballCentre);
    vec3 previousOrigin;
    vec3 previousForward;
    camera(p.previousTime, p.path, previousOrigin, previousForward);
    vec3 previousRight;
    vec3 previousUp;
    basis(previousForward, previousRight, previousUp);
    vec3 toPoint;
    float depth;
    if (h.material == 0)
    {
        toPoint = d;
        depth = FAR;
    }
    else
    {
        vec3 point = origin + h.t * d;
        depth = dot(point - origin, forward);
        vec3 previousPoint = h.material == 7 ? point - ballCentre + ball(p.previousTime, p.path) : point;
        toPoint = previousPoint - previousOrigin;
    }

    float z = dot(toPoint, previousForward);
    vec2 motion = vec2(0.0);
    if ((p.flags & 1u) == 0u)
    {
        // Behind the previous camera: nowhere on its screen; far off screen says "no history here".
        vec2 ndc = z > 1.0e-4 ? vec2(dot(toPoint, previousRight) / (z * tanHalf * aspect), dot(toPoint, previousUp) / (z * tanHalf)) : vec2(1.0e3);
        vec2 previousPixel = vec2((ndc.x + 1.0) * 0.5 * float(p.width), (1.0 - ndc.y) * 0.5 * float(p.height));
        motion = previousPixel - centre;
    }

    imageStore(motionDepth, ivec2(pixel), vec4(motion, depth, 0.0));
#endif
}
