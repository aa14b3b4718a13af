import Foundation

/// FFTW's planner (plan creation and destruction) is not thread-safe; every plan made or freed
/// in this module holds this lock. Executing an existing plan on its own buffers needs no lock.
let fftwPlannerLock = NSLock()
