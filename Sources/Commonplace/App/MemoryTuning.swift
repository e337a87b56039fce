#if os(Linux)
/// glibc's `mallopt` (declared in <malloc.h>, which the Glibc module does not bring in).
@_silgen_name("mallopt")
private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
/// <malloc.h>'s parameter numbers.
private let M_TRIM_THRESHOLD: Int32 = -1
private let M_MMAP_THRESHOLD: Int32 = -3
#endif

/// How the C allocator treats the blocks every page allocates and frees (its ~50 KB of HTML, the response body).
public enum MemoryTuning {
    /// By default glibc hands freed memory at the top of the heap back to the kernel (past 128 KB) and serves
    /// blocks past a moving threshold with `mmap`, so each page's buffers came back as fresh pages that fault on
    /// first touch: copying a 42 KB page into its response body profiled at 40 µs, a twentieth of the page, in
    /// a VM. Keeping up to 32 MB of freed memory per arena (and `mmap` for blocks of 4 MB and more only) makes
    /// those buffers reuse warm memory; RSS stays within the memory targets of `ops/bench/pages`.
    public static func keepFreedMemoryWarm() {
        #if os(Linux)
        _ = mallopt(M_MMAP_THRESHOLD, 4 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 32 << 20)
        #endif
    }
}
