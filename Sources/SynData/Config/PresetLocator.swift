import Foundation
import SynCore

/// Finds the config file a `generate` argument names.
///
/// An argument that names an existing file is used as is. Otherwise a bare name (`syntone`,
/// `syntone-small`, with or without `.yaml`) is a preset: `<name>.yaml` is looked up in, in
/// this order, `$SYNBENCH_CONFIGS`, `./configs`, and `configs/` in each folder above the
/// executable (so a `swift build` product in `.build/<config>/` finds the package's configs).
public enum PresetLocator {
    /// The folders searched for presets, in order.
    public static func searchFolders(environment: [String: String] = ProcessInfo.processInfo.environment,
                                     executable: String = CommandLine.arguments.first ?? "") -> [String] {
        var folders: [String] = []
        if let dir = environment["SYNBENCH_CONFIGS"], !dir.isEmpty { folders.append(dir) }
        folders.append(FileManager.default.currentDirectoryPath + "/configs")
        var url = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        while url.path != "/" && !url.path.isEmpty {
            folders.append(url.appendingPathComponent("configs").path)
            url = url.deletingLastPathComponent()
        }
        var seen = Set<String>()
        return folders.filter { seen.insert($0).inserted }
    }

    /// The config path for `argument`; throws a ``ConfigError`` listing where it looked.
    public static func resolve(_ argument: String, folders: [String] = searchFolders()) throws -> String {
        if FileOps.exists(argument).exists { return argument }
        let isBareName = !argument.contains("/")
        if isBareName {
            let file = argument.hasSuffix(".yaml") || argument.hasSuffix(".yml") ? argument : argument + ".yaml"
            for folder in folders {
                let candidate = folder + "/" + file
                if FileOps.exists(candidate).exists, !FileOps.exists(candidate).isDirectory { return candidate }
            }
            throw ConfigError(file: argument, path: "",
                              "no such config file, and no preset '\(file)' in \(folders.joined(separator: ", "))")
        }
        throw ConfigError(file: argument, path: "", "no such config file")
    }

    /// The preset names (file names without `.yaml`) in the first search folder that has any.
    public static func presets(folders: [String] = searchFolders()) -> [String] {
        for folder in folders {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
            if !names.isEmpty { return names }
        }
        return []
    }
}
