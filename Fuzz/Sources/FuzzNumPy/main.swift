// Fuzzes the NumPy readers: an input starting with the .npy magic byte is a .npy file
// (NpyArray), anything else an .npz archive (NpzArchive and each member).
import FuzzSupport
import SynCore

/// Members read per archive (each may inflate to ~1000x its compressed size).
let membersPerArchive = 8

func check(_ array: NpyArray, source: String) {
    let expectedBytes = array.shape.reduce(1, *) * array.dtype.size
    if array.bytes.count != expectedBytes { violation("\(array.bytes.count) bytes for shape \(array.shape) \(array.dtype)") }
    let doubles = array.doubles()
    if doubles.count != array.count { violation("\(doubles.count) doubles for \(array.count) elements") }
    if let integers = accepting("NpyArray.integers", { try array.integers(source: source) }), integers.count != array.count {
        violation("\(integers.count) integers for \(array.count) elements")
    }
    // Written back in C order, it reads back identical.
    let file = NpyHeader(dtype: array.dtype, shape: array.shape).encoded() + array.bytes
    do {
        let again = try NpyArray(npyBytes: file, source: "rewritten")
        if again.shape != array.shape || again.dtype != array.dtype || again.bytes != array.bytes {
            violation("a rewritten array reads back different")
        }
    } catch {
        violation("a rewritten array is refused: \(error)")
    }
}

runFuzzer { data in
    let bytes = [UInt8](data)
    if bytes.first == 0x93 {
        // The header alone, as verify and merge read it from the first 4 KiB.
        _ = accepting("NpyHeader.parse") { try NpyHeader.parse(Array(bytes.prefix(4096)), source: "fuzz.npy") }
        if let array = accepting("NpyArray", { try NpyArray(npyBytes: bytes, source: "fuzz.npy") }) {
            check(array, source: "fuzz.npy")
        }
    } else if let archive = accepting("NpzArchive", { try NpzArchive(bytes: bytes, source: "fuzz.npz") }) {
        for name in archive.names.prefix(membersPerArchive) {
            if let array = accepting("NpzArchive.array", { try archive.array(named: name) }) {
                check(array, source: "fuzz.npz[\(name)]")
            }
        }
    }
}
