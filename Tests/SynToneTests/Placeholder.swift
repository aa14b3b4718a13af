import Testing
import SynTone
@Test func toneLinks() {}
