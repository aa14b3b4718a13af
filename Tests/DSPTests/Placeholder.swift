import Testing
import DSP
@Test func dspLinks() {}
