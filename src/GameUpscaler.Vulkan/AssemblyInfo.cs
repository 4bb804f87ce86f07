using System.Runtime.CompilerServices;

// All interop signatures are blittable (pointers and primitives), so the runtime never marshals: what is passed is
// exactly what the C headers declare, and the layout test checks that.
[assembly: DisableRuntimeMarshalling]
