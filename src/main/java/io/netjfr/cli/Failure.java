package io.netjfr.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** A run-time failure with a message for the user: one line on stderr, exit status 1. */
final class Failure extends Exception {
    Failure(String message) {
        super(message);
    }

    Failure(String message, Throwable cause) {
        super(message, cause);
    }

    /** "failed to write x.jfr: Permission denied" from an I/O error, without repeating the path. */
    static Failure io(String what, IOException e) {
        String reason = e.getMessage();
        if (e instanceof AccessDeniedException) {
            reason = "Permission denied";
        } else if (e instanceof NoSuchFileException) {
            reason = "No such file or directory";
        } else if (e instanceof FileSystemException fs && fs.getReason() != null) {
            reason = fs.getReason();
        } else if (e instanceof FileNotFoundException && reason != null && reason.endsWith(")")
                && reason.lastIndexOf(" (") > 0) {
            reason = reason.substring(reason.lastIndexOf(" (") + 2, reason.length() - 1);
        }
        return new Failure(what + ": " + reason, e);
    }
}
