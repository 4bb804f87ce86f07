using System.Runtime.InteropServices;

namespace GameUpscaler.Sample.Platform;

/// <summary>
/// The few SDL2 functions the sample uses (window, events, Vulkan surface), hand-written P/Invoke with blittable
/// signatures only. SDL_bool and int results are checked by <see cref="SdlWindow"/>.
/// </summary>
internal static unsafe partial class Sdl
{
    public const string LibraryName = "libSDL2-2.0.so.0";
    public const uint InitVideo = 0x20;
    public const uint WindowShown = 0x4;
    public const uint WindowResizable = 0x20;
    public const uint WindowVulkan = 0x10000000;
    public const uint EventQuit = 0x100;
    public const uint EventWindow = 0x200;
    public const uint EventKeyDown = 0x300;
    public const byte WindowEventSizeChanged = 6;

    /// <summary>SDL_Event is a 56-byte union; the sample reads the fields it needs at their offsets.</summary>
    public const int EventSize = 56;

    /// <summary>Offset of SDL_KeyboardEvent.keysym.sym (type, timestamp, windowID, state/repeat/padding, scancode).</summary>
    public const int KeySymOffset = 20;

    /// <summary>Offset of SDL_WindowEvent.event.</summary>
    public const int WindowEventOffset = 12;

    public const int KeyF1 = 0x4000003A;
    public const int KeyKeypadPlus = 0x40000057;
    public const int KeyKeypadMinus = 0x40000056;
    public const int KeyEscape = 27;

    [LibraryImport(LibraryName)]
    public static partial int SDL_Init(uint flags);

    [LibraryImport(LibraryName)]
    public static partial void SDL_Quit();

    [LibraryImport(LibraryName)]
    public static partial byte* SDL_GetError();

    [LibraryImport(LibraryName)]
    public static partial nint SDL_CreateWindow(byte* title, int x, int y, int w, int h, uint flags);

    [LibraryImport(LibraryName)]
    public static partial void SDL_DestroyWindow(nint window);

    [LibraryImport(LibraryName)]
    public static partial void SDL_SetWindowSize(nint window, int w, int h);

    [LibraryImport(LibraryName)]
    public static partial int SDL_PollEvent(byte* eventBuffer);

    [LibraryImport(LibraryName)]
    public static partial int SDL_Vulkan_GetInstanceExtensions(nint window, uint* count, byte** names);

    [LibraryImport(LibraryName)]
    public static partial int SDL_Vulkan_CreateSurface(nint window, nint instance, ulong* surface);

    [LibraryImport(LibraryName)]
    public static partial void SDL_Vulkan_GetDrawableSize(nint window, int* width, int* height);

    public static string LastError() => Marshal.PtrToStringUTF8((nint)SDL_GetError()) ?? "unknown SDL error";
}
