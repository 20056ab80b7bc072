package io.netjfr.bpf;

/** A BPF setup step failed; the message says which step and why, in one line. */
public final class BpfException extends Exception {
    private final int errno;

    public BpfException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    public BpfException(String message) {
        this(message, 0);
    }

    /** The errno behind the failure, 0 when there is none. */
    public int errno() {
        return errno;
    }
}
