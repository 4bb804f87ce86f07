using System.Runtime.InteropServices;

namespace GameUpscaler.Interop;

/// <summary>
/// The directory this native library was loaded from, so a model name finds <c>models/</c> shipped beside
/// libgameupscaler.so whatever the host's working directory and executable are (<see cref="AppContext.BaseDirectory"/>
/// names the host's executable's directory in a NativeAOT library). Linux asks the dynamic loader (dladdr) which file
/// holds one of our exports.
/// </summary>
internal static unsafe partial class NativeLibraryLocation
{
    private static readonly Lazy<string?> Lazy = new(Find);

    public static string? Directory => Lazy.Value;

    private static string? Find()
    {
        if (!OperatingSystem.IsLinux())
        {
            return AppContext.BaseDirectory;
        }

        DlInfo info;
        delegate* unmanaged<int> export = &Marker;
        if (DlAddr(export, &info) == 0 || info.FileName == 0)
        {
            return null;
        }

        string? file = Marshal.PtrToStringUTF8(info.FileName);
        return file is null ? null : Path.GetDirectoryName(Path.GetFullPath(file));
    }

    /// <summary>A function whose address lies in this library (what dladdr is asked about).</summary>
    [UnmanagedCallersOnly]
    private static int Marker() => 0;

    [LibraryImport("libc", EntryPoint = "dladdr")]
    private static partial int DlAddr(void* address, DlInfo* info);

    /// <summary>glibc's Dl_info.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct DlInfo
    {
        public nint FileName;
        public nint FileBase;
        public nint SymbolName;
        public nint SymbolAddress;
    }
}
