import Foundation
import SynCore
import SynData

/// Reads the samples of a dataset's items for feature extraction, whatever the layout:
/// `files` (one audio file per item, decoded by libsndfile to floats in -1...1) or `npy`
/// (rows of waveforms.npy [N, T], or ragged 1-D with offsets.npy). Safe to share across
/// threads: the waveforms file is read with pread.
struct ItemSource: Sendable {
    let plan: DatasetPlan
    let folder: String
    private let waveforms: PosixFile?
    private let dataOffset: Int
    private let starts: ItemStarts?

    /// Opens the dataset's audio; throws ``InputError`` naming the file when waveforms.npy or
    /// offsets.npy is missing or does not match dataset.json.
    init(plan: DatasetPlan, folder: String) throws {
        self.plan = plan
        self.folder = folder
        guard plan.layout == .npy else {
            waveforms = nil
            dataOffset = 0
            starts = nil
            return
        }
        let offsets = plan.ragged ? try DatasetVerifier.readOffsets(plan: plan, folder: folder) : []
        let path = folder + "/waveforms.npy"
        guard let starts = plan.itemStarts(offsets: offsets) else {
            throw InputError("\(path): does not match [\(plan.itemCount), \(plan.maxSamples)] float32 of dataset.json: too large")
        }
        guard FileOps.exists(path).exists else { throw InputError("\(path): missing") }
        let file: PosixFile
        do { file = try PosixFile(readingAt: path) } catch { throw InputError("\(path): cannot be read") }
        let (header, offset, _) = try file.readNpyHeader(source: path)
        let shape = plan.ragged ? [plan.totalSamples] : [plan.itemCount, plan.maxSamples]
        guard header.dtype == .float32, header.shape == shape, !header.fortranOrder,
              try file.size() == offset + starts[plan.itemCount] * 4 else {
            throw InputError("\(path): shape \(header.shape) \(header.dtype) or size does not match \(shape) float32 of dataset.json")
        }
        waveforms = file
        dataOffset = offset
        self.starts = starts
    }

    /// Reads item `i` into the start of `samples` (grown when too short); returns its sample
    /// count.
    func read(item i: Int, into samples: inout [Float]) throws -> Int {
        if let waveforms, let starts {
            let count = starts[i + 1] - starts[i]
            if samples.count < count { samples += [Float](repeating: 0, count: count - samples.count) }
            let wanted = count * 4
            let got = try samples.withUnsafeMutableBytes { raw -> Int in
                // pread straight into the float buffer (little-endian float32, as NumPy wrote it).
                var done = 0
                while done < wanted {
                    let n = pread(waveforms.descriptor, raw.baseAddress! + done, wanted - done, off_t(dataOffset + starts[i] * 4 + done))
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw InputError("\(waveforms.path): cannot read item \(i)")
                    }
                    if n == 0 { break }
                    done += n
                }
                return done
            }
            guard got == wanted else { throw InputError("\(waveforms.path): truncated at item \(i)") }
            return count
        }
        let path = folder + "/" + plan.file(of: i)
        guard FileOps.exists(path).exists else { throw InputError("\(path): missing (item \(i) of \(plan.itemCount))") }
        let reader: SoundFileReader
        do { reader = try SoundFileReader(path: path) } catch { throw InputError("\(path): not readable audio: \(error)") }
        guard reader.info.channels == 1 else { throw InputError("\(path): \(reader.info.channels) channels, features need mono audio") }
        guard Int(reader.info.samplerate) == plan.sampleRate else {
            throw InputError("\(path): \(reader.info.samplerate) Hz, dataset.json says \(plan.sampleRate) Hz")
        }
        let decoded = reader.readAll()
        if samples.count < decoded.count { samples += [Float](repeating: 0, count: decoded.count - samples.count) }
        for k in 0..<decoded.count { samples[k] = decoded[k] }
        return decoded.count
    }
}
