import SynData
import SynSpeech
import SynTone

extension GeneratorRegistry {
    /// Every generator that ships with SynBench, for `synbench generate` and the bench's
    /// dataset step. A new generator adds its ``GeneratorRegistry/Entry`` here.
    public static let builtIn = GeneratorRegistry([SynToneConfig.registryEntry, SynSpeechConfig.registryEntry])
}
