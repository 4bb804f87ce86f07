using GameUpscaler.OnnxRuntime.Interop;
using GameUpscaler.Models;
using GameUpscaler.Models.Onnx;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>
/// Every OrtApi slot the backend calls, checked by a round trip that only the right function passes: a wrong index
/// would call a different function of the table and fail (or crash) here, not in a game. Needs the library that
/// scripts/setup.sh fetches.
/// </summary>
public sealed unsafe class OrtApiSlotTests
{
    private static OrtApi Api => OnnxRuntimeLibrary.Load().Api;

    [Fact]
    public void Library_reports_version_1_30_and_api_30()
    {
        OnnxRuntimeLibrary library = OnnxRuntimeLibrary.Load();
        Assert.StartsWith("1.30", library.Version, StringComparison.Ordinal);
        Assert.Equal(30u, OrtApi.ApiVersion);
        Assert.NotEqual(0, library.Environment); // CreateEnv (3) succeeded
    }

    [Fact]
    public void CreateStatus_GetErrorCode_GetErrorMessage_ReleaseStatus_round_trip()
    {
        nint status = Api.CreateStatus(OrtErrorCode.InvalidGraph, "probe message é");
        Assert.NotEqual(0, status);
        try
        {
            Assert.Equal(OrtErrorCode.InvalidGraph, Api.GetErrorCode(status));
            Assert.Equal("probe message é", Api.GetErrorMessage(status));
        }
        finally
        {
            Api.ReleaseStatus(status);
        }
    }

    [Fact]
    public void Check_turns_a_status_into_an_exception_with_code_and_message()
    {
        nint status = Api.CreateStatus(OrtErrorCode.InvalidProtobuf, "bad bytes");
        var e = Assert.Throws<UpscalerException>(() => Api.Check(status, "Probe"));
        Assert.Equal(UpscalerErrorCode.InvalidModel, e.ErrorCode);
        Assert.Equal((long)OrtErrorCode.InvalidProtobuf, e.NativeResult);
        Assert.Contains("bad bytes", e.Message, StringComparison.Ordinal);

        nint other = Api.CreateStatus(OrtErrorCode.Fail, "other");
        Assert.Equal(UpscalerErrorCode.NativeCallFailed, Assert.Throws<UpscalerException>(() => Api.Check(other, "Probe")).ErrorCode);
    }

    [Fact]
    public void SetSessionExecutionMode_and_SetSessionGraphOptimizationLevel_validate_their_values()
    {
        // Slots 13 and 23 are the functions that reject out-of-range enum values with these exact messages.
        nint options = Api.CreateSessionOptions();
        try
        {
            Api.SetSessionExecutionMode(options, 0);
            Api.SetSessionExecutionMode(options, 1);
            var mode = Assert.Throws<UpscalerException>(() => Api.SetSessionExecutionMode(options, 7));
            Assert.Contains("execution_mode is not valid", mode.Message, StringComparison.Ordinal);

            Api.SetSessionGraphOptimizationLevel(options, 99);
            var level = Assert.Throws<UpscalerException>(() => Api.SetSessionGraphOptimizationLevel(options, 5));
            Assert.Contains("graph_optimization_level is not valid", level.Message, StringComparison.Ordinal);
            Api.DisableMemPattern(options); // slot 17: takes the options alone and succeeds
        }
        finally
        {
            Api.ReleaseSessionOptions(options);
        }
    }

    [Fact]
    public void CreateTensorWithDataAsOrtValue_wraps_caller_memory_that_GetTensorMutableData_returns()
    {
        nint info = Api.CreateCpuMemoryInfo();
        try
        {
            var data = new float[6];
            fixed (float* pointer = data)
            {
                nint value = Api.CreateFloatTensor(info, pointer, data.Length, [1, 2, 3]);
                try
                {
                    Assert.Equal((nint)pointer, (nint)Api.GetTensorMutableData(value));
                }
                finally
                {
                    Api.ReleaseValue(value);
                }

                // A shape that does not match the buffer is refused by ORT itself.
                nint address = (nint)pointer;
                Assert.Throws<UpscalerException>(() => Api.CreateFloatTensor(info, (float*)address, data.Length, [4, 4]));
            }
        }
        finally
        {
            Api.ReleaseMemoryInfo(info);
        }
    }

    [Fact]
    public void CreateSessionFromArray_Run_ReleaseSession_compute_a_known_result()
    {
        // x1 generator, C=1, N=0, all weights zero but the last bias: output = input + bias, so Run must have
        // read our input, executed the graph and written our output.
        var architecture = new GeneratorArchitecture(1, 1, 0);
        GeneratorWeights weights = GeneratorWeights.CreateRandom(architecture, 1);
        foreach (float[] tensor in weights.Tensors.Values)
        {
            Array.Clear(tensor);
        }

        weights.GetTensor(GeneratorArchitecture.ConvBiasName(1)).AsSpan().Fill(0.5f);
        using OnnxSession session = OnnxSession.Create(OnnxExporter.Export(weights), OnnxExporter.InputName, OnnxExporter.OutputName,
            new OnnxRuntimeOptions { ExecutionProvider = OnnxExecutionProvider.Cpu });
        float[] input = [0f, 1f, 2f, 3f, 4f, 5f];
        var output = new float[6];
        session.Run(input, [1, 3, 1, 2], output, [1, 3, 1, 2]);
        Assert.Equal(input.Select(v => v + 0.5f), output);
        Assert.Equal(OnnxExecutionProvider.Cpu, session.ExecutionProvider);
    }
}
