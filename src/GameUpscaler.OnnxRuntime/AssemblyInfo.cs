using System.Runtime.CompilerServices;

// Every native signature here uses pointers and primitives only, so the runtime never has to marshal anything.
[assembly: DisableRuntimeMarshalling]
