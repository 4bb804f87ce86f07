using System.Runtime.InteropServices;

namespace GameUpscaler.Layer;

/// <summary>
/// The player's toggle key (vkBasalt's way): at each present the layer asks the X server which keys are down
/// (XQueryKeymap on a display connection of its own, libX11 loaded at run time, so the layer needs no X library to
/// load) and flips the upscaler on a press of the configured key. Off, the frame is scaled by a plain linear blit, so
/// the player sees the difference. Without X (Wayland-only, headless) the toggle is unavailable and the log says so.
/// </summary>
internal static unsafe class Toggle
{
    private static readonly Lock Gate = new();
    private static bool s_initialised;
    private static nint s_display;
    private static delegate* unmanaged<nint, byte*, int> s_queryKeymap;
    private static int s_keycode;
    private static bool s_wasDown;

    public static void Poll(InstanceState instance)
    {
        lock (Gate)
        {
            if (!s_initialised)
            {
                s_initialised = true;
                Initialise(instance.Config.ToggleKey);
            }

            if (s_display == 0)
            {
                return;
            }

            byte* keys = stackalloc byte[32];
            s_queryKeymap(s_display, keys);
            bool down = (keys[s_keycode / 8] & (1 << (s_keycode % 8))) != 0;
            if (down && !s_wasDown)
            {
                instance.UpscalingOn = !instance.UpscalingOn;
                LayerLog.Info($"toggle key {instance.Config.ToggleKey}: upscaler {(instance.UpscalingOn ? "on" : "off (linear blit)")}");
            }

            s_wasDown = down;
        }
    }

    private static void Initialise(string keyName)
    {
        if (Environment.GetEnvironmentVariable("DISPLAY") is null || !NativeLibrary.TryLoad("libX11.so.6", out nint x11))
        {
            LayerLog.Info("toggle key unavailable (no X display)");
            return;
        }

        var open = (delegate* unmanaged<byte*, nint>)NativeLibrary.GetExport(x11, "XOpenDisplay");
        var stringToKeysym = (delegate* unmanaged<byte*, nuint>)NativeLibrary.GetExport(x11, "XStringToKeysym");
        var keysymToKeycode = (delegate* unmanaged<nint, nuint, byte>)NativeLibrary.GetExport(x11, "XKeysymToKeycode");
        s_queryKeymap = (delegate* unmanaged<nint, byte*, int>)NativeLibrary.GetExport(x11, "XQueryKeymap");
        nint display = open(null);
        if (display == 0)
        {
            LayerLog.Info("toggle key unavailable (the X display cannot be opened)");
            return;
        }

        byte* name = (byte*)Marshal.StringToCoTaskMemUTF8(keyName);
        try
        {
            nuint keysym = stringToKeysym(name);
            s_keycode = keysym == 0 ? 0 : keysymToKeycode(display, keysym);
        }
        finally
        {
            Marshal.FreeCoTaskMem((nint)name);
        }

        if (s_keycode == 0)
        {
            LayerLog.Error($"toggle_key {keyName} is not an X key name (e.g. Home, F12, End); the toggle is off");
            return;
        }

        s_display = display;
    }
}
