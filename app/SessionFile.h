// The session file (.zooscope): one versioned JSON document that says what the explorer showed, so that
// opening it shows it again. Files are named relative to the session file's folder when they are in it
// or near it (at most two folders up), absolutely otherwise, each with its SHA-256, so that a moved
// session folder still opens and a changed zoo is noticed instead of silently shown. docs/sessions.md
// describes the fields.
#pragma once

#include "app/SessionState.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <string>

namespace zooscope {

class SessionFile {
    Q_DECLARE_TR_FUNCTIONS(zooscope::SessionFile)
public:
    static constexpr const char* kFormat = "zooscope-session";
    static constexpr int kVersion = 1;
    static constexpr const char* kSuffix = "zooscope"; // NAME.zooscope

    // Writes `state` to `file` through AtomicFile, with the current SHA-256 of every file it names.
    // Throws std::runtime_error with a message for the user (a named file cannot be read, the folder
    // cannot be written).
    static void write(const SessionState& state, const QString& file);
    // The document write() writes (without hashing when `withHashes` is false: the recorded ones are used).
    static std::string toText(const SessionState& state, const QString& file, bool withHashes = true);

    // Reads a session. Throws std::runtime_error with a message for the user: missing or unreadable file,
    // not JSON, truncated, another format, a newer version, a field of the wrong type or value, a file it
    // names that is missing. With `changed`, the files whose content differs from the recorded hash are
    // listed there (one sentence each, for the user); a caller decides whether that may be shown.
    static SessionState read(const QString& file, QStringList* changed = nullptr);
    // Parses a session document; `file` names it in messages and anchors relative paths.
    static SessionState parse(const std::string& text, const QString& file);

    // Hex SHA-256 of a file's content, read in pieces. Throws std::runtime_error when it cannot be read.
    static QString sha256(const QString& file);
    // How the session file at `sessionFile` names `target`: relative to its folder when `target` lies in
    // it or at most two folders up, absolute otherwise.
    static QString storedPath(const QString& target, const QString& sessionFile);
    // Where a stored path points, seen from the session file.
    static QString resolvedPath(const QString& stored, const QString& sessionFile);
};

} // namespace zooscope
