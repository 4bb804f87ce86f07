namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>
/// Tests that must run alone: they count the process's threads or change process-wide state (an environment
/// variable, the console), which tests running beside them would disturb or see.
/// </summary>
[CollectionDefinition(nameof(SerialCollection), DisableParallelization = true)]
public sealed class SerialCollection;
