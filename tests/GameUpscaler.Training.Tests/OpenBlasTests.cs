using System.Runtime.Intrinsics.X86;
using GameUpscaler.Training.Native;
using Xunit;

namespace GameUpscaler.Training.Tests;

/// <summary>
/// OpenBLAS's kernel set is forced before it loads; on a machine whose OS has not enabled AVX-512 a forced SkylakeX
/// killed the test host with SIGILL (a KVM guest whose CPUID lists AVX-512). These run in the test host itself, so a
/// wrong choice fails the whole project run, which is the point.
/// </summary>
public sealed class OpenBlasTests
{
    [Fact]
    public void TheKernelSetIsOneThisProcessCanExecute()
    {
        string? chosen = OpenBlas.SupportedCoreType();
        if (!Avx512F.IsSupported)
        {
            Assert.NotEqual("SkylakeX", chosen);
        }

        if (!Avx2.IsSupported || !Fma.IsSupported)
        {
            Assert.Null(chosen);
        }

        if (Environment.GetEnvironmentVariable(OpenBlas.CoreTypeVariable) is null && chosen is not null)
        {
            Assert.Equal(chosen, OpenBlas.CoreName(), ignoreCase: true);
        }
    }

    [Fact]
    public void ALargeSgemmMatchesTheNaiveProduct()
    {
        // Large enough that OpenBLAS runs its optimised kernels, not the small-matrix path.
        const int m = 67, n = 129, k = 95;
        var random = new Random(3);
        float[] a = Enumerable.Range(0, m * k).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        float[] b = Enumerable.Range(0, k * n).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        float[] c = new float[m * n];
        OpenBlas.Sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double expected = 0;
                for (int p = 0; p < k; p++)
                {
                    expected += a[(i * k) + p] * b[(p * n) + j];
                }

                Assert.True(Math.Abs(expected - c[(i * n) + j]) < 1e-4, $"c[{i},{j}] = {c[(i * n) + j]}, expected {expected}");
            }
        }
    }
}
