using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace GameUpscaler.Training.Native;

/// <summary>
/// The one native dependency of training: single-precision GEMM from OpenBLAS (Debian <c>libopenblas0-pthread</c>).
/// OpenBLAS 0.3.21 does not recognise the build machine's CPU and would fall back to SSE3 kernels (~23 GFLOP/s);
/// <c>OPENBLAS_CORETYPE</c> must therefore be in the native environment before the library loads, which only libc's
/// <c>setenv</c> achieves (<see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach native code).
/// </summary>
internal static unsafe partial class OpenBlas
{
    /// <summary>The environment variable OpenBLAS reads once, when it loads, to choose its kernel set.</summary>
    public const string CoreTypeVariable = "OPENBLAS_CORETYPE";

    private const string Library = "libopenblas.so.0";
    private const int RowMajor = 101;
    private const int NoTrans = 111;
    private const int Trans = 112;

    private static readonly object InitLock = new();
    private static bool _initialized;

    /// <summary>Multiplies row-major matrices: C = alpha·op(A)·op(B) + beta·C.</summary>
    /// <remarks>Sizes are checked against the spans so that a wrong dimension throws instead of corrupting memory.</remarks>
    public static void Sgemm(
        bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        long aNeeded = transposeA ? ((long)(k - 1) * lda) + m : ((long)(m - 1) * lda) + k;
        long bNeeded = transposeB ? ((long)(n - 1) * ldb) + k : ((long)(k - 1) * ldb) + n;
        long cNeeded = ((long)(m - 1) * ldc) + n;
        if (k > 0 && (a.Length < aNeeded || b.Length < bNeeded))
        {
            throw new ArgumentException($"sgemm operands too small for {m}×{n}×{k}.");
        }

        if (c.Length < cNeeded)
        {
            throw new ArgumentException($"sgemm result too small for {m}×{n}.");
        }

        EnsureInitialized();
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            cblas_sgemm(RowMajor, transposeA ? Trans : NoTrans, transposeB ? Trans : NoTrans,
                m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        }
    }

    /// <summary>Loads OpenBLAS with a forced kernel set (unless the caller set one) and one thread.</summary>
    /// <exception cref="DllNotFoundException">OpenBLAS is not installed (scripts/setup.sh installs it).</exception>
    public static void EnsureInitialized()
    {
        if (Volatile.Read(ref _initialized))
        {
            return;
        }

        lock (InitLock)
        {
            if (_initialized)
            {
                return;
            }

            // Zen 4/5 run the AVX-512 SkylakeX kernels well; an explicit setting in the environment wins (the build
            // machine's environment sets Haswell, for instance), so that a user can always choose. The kernel set is
            // chosen from what the CPU *and the OS* support (the intrinsics' IsSupported checks both): a VM whose CPUID
            // shows AVX-512 that the kernel has not enabled killed the process with SIGILL under a forced SkylakeX.
            if (Environment.GetEnvironmentVariable(CoreTypeVariable) is null && SupportedCoreType() is { } coreType)
            {
                _ = setenv(CoreTypeVariable, coreType, 0);
            }

            try
            {
                // One thread: two threads rarely beat one on this machine, and training shares its cores.
                openblas_set_num_threads(1);
            }
            catch (DllNotFoundException e)
            {
                throw new DllNotFoundException(
                    $"{Library} is required for training (Debian: apt-get install libopenblas0-pthread; scripts/setup.sh does it).", e);
            }

            _initialized = true;
        }
    }

    /// <summary>
    /// The fastest OpenBLAS kernel set this process may execute, or null to leave the choice to OpenBLAS (a CPU
    /// without AVX2/FMA, where its own detection is the safe fallback).
    /// </summary>
    internal static string? SupportedCoreType() =>
        Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported ? "SkylakeX"
        : Avx2.IsSupported && Fma.IsSupported ? "Haswell"
        : null;

    /// <summary>The kernel set OpenBLAS chose, e.g. "SkylakeX" (for reports).</summary>
    public static string CoreName()
    {
        EnsureInitialized();
        return Marshal.PtrToStringAnsi((nint)openblas_get_corename()) ?? "unknown";
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);

    [LibraryImport(Library)]
    private static partial void openblas_set_num_threads(int threads);

    [LibraryImport(Library)]
    private static partial byte* openblas_get_corename();

    [LibraryImport(Library)]
    private static partial void cblas_sgemm(
        int order, int transA, int transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);
}
