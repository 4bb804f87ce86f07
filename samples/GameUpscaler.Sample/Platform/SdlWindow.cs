using System.Runtime.InteropServices;
using System.Text;
using Silk.NET.Vulkan;

namespace GameUpscaler.Sample.Platform;

/// <summary>An SDL2 window with Vulkan support at (0, 0), and its input as sample actions. Errors say what to do.</summary>
internal sealed unsafe class SdlWindow : IDisposable
{
    private nint _window;

    public SdlWindow(string title, Size2D size)
    {
        if (OperatingSystem.IsLinux() && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) &&
            string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY")))
        {
            // SDL would fall back to its offscreen driver and fail later with a message about Vulkan support.
            throw new SampleEnvironmentException(
                "No display: DISPLAY (and WAYLAND_DISPLAY) are not set. Run with --headless, or under a virtual display: xvfb-run -a dotnet run --project samples/GameUpscaler.Sample -c Release");
        }

        try
        {
            if (Sdl.SDL_Init(Sdl.InitVideo) != 0)
            {
                throw new SampleEnvironmentException(
                    $"No display for a window ({Sdl.LastError()}). Run with --headless, or under a virtual display: xvfb-run -a dotnet run --project samples/GameUpscaler.Sample -c Release.");
            }
        }
        catch (DllNotFoundException)
        {
            throw new SampleEnvironmentException(
                $"The windowed mode needs SDL2 ({Sdl.LibraryName}), which is not installed: apt-get install libsdl2-2.0-0 (scripts/setup.sh does), or run with --headless.");
        }

        byte[] utf8 = Encoding.UTF8.GetBytes(title + "\0");
        fixed (byte* p = utf8)
        {
            // (0, 0): without a window manager (Xvfb) the window sits there, so a root-window screenshot finds it.
            _window = Sdl.SDL_CreateWindow(p, 0, 0, size.Width, size.Height, Sdl.WindowVulkan | Sdl.WindowShown | Sdl.WindowResizable);
        }

        if (_window == 0)
        {
            string error = Sdl.LastError();
            Sdl.SDL_Quit();
            throw new SampleEnvironmentException($"SDL could not create a Vulkan window ({error}). Run with --headless if there is no display.");
        }
    }

    public bool QuitRequested { get; private set; }

    /// <summary>The instance extensions Vulkan needs for this window's surface (VK_KHR_surface + the platform's).</summary>
    public IReadOnlyList<string> GetInstanceExtensions()
    {
        uint count;
        if (Sdl.SDL_Vulkan_GetInstanceExtensions(_window, &count, null) == 0)
        {
            throw new InvalidOperationException($"SDL_Vulkan_GetInstanceExtensions failed: {Sdl.LastError()}");
        }

        byte** names = stackalloc byte*[(int)count];
        if (Sdl.SDL_Vulkan_GetInstanceExtensions(_window, &count, names) == 0)
        {
            throw new InvalidOperationException($"SDL_Vulkan_GetInstanceExtensions failed: {Sdl.LastError()}");
        }

        var result = new string[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = Marshal.PtrToStringUTF8((nint)names[i])!;
        }

        return result;
    }

    /// <summary>Creates a VkSurfaceKHR for the window on <paramref name="instance"/>.</summary>
    public ulong CreateSurface(nint instance)
    {
        ulong surface;
        if (Sdl.SDL_Vulkan_CreateSurface(_window, instance, &surface) == 0)
        {
            throw new InvalidOperationException($"SDL_Vulkan_CreateSurface failed: {Sdl.LastError()}");
        }

        return surface;
    }

    /// <summary>The drawable size in pixels (the swapchain size).</summary>
    public Size2D DrawableSize
    {
        get
        {
            int w;
            int h;
            Sdl.SDL_Vulkan_GetDrawableSize(_window, &w, &h);
            return new Size2D(w, h);
        }
    }

    /// <summary>Asks for a new window size (as a player dragging the window edge would); a size-changed event follows.</summary>
    public void Resize(Size2D size) => Sdl.SDL_SetWindowSize(_window, size.Width, size.Height);

    /// <summary>Drains pending events: returns the keys pressed (SDL keycodes) and whether the window was resized.</summary>
    public (List<int> Keys, bool Resized) PollEvents()
    {
        var keys = new List<int>();
        bool resized = false;
        byte* e = stackalloc byte[Sdl.EventSize];
        while (Sdl.SDL_PollEvent(e) != 0)
        {
            uint type = *(uint*)e;
            if (type == Sdl.EventQuit)
            {
                QuitRequested = true;
            }
            else if (type == Sdl.EventKeyDown)
            {
                keys.Add(*(int*)(e + Sdl.KeySymOffset));
            }
            else if (type == Sdl.EventWindow && e[Sdl.WindowEventOffset] == Sdl.WindowEventSizeChanged)
            {
                resized = true;
            }
        }

        return (keys, resized);
    }

    public void Dispose()
    {
        if (_window != 0)
        {
            Sdl.SDL_DestroyWindow(_window);
            _window = 0;
            Sdl.SDL_Quit();
        }
    }
}
