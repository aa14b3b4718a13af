import Testing
import Metrics
@Test func metricsLinks() {}
