package io.netjfr.bpf;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One hook's compiled object with one attach mode selected: open, select, share maps,
 * configure, load, attach, close — libbpf's order, with each failure a {@link BpfException}
 * that names the step.
 */
final class BpfObject implements AutoCloseable {
    private static final int OPEN_OPTS_SIZE = 80;      // sizeof(struct bpf_object_open_opts), libbpf 1.1
    private static final int OPTS_BTF_CUSTOM_PATH = 48; // offsetof(..., btf_custom_path)

    private final BpfRuntime rt;
    private final Hook hook;
    private final Memory image; // libbpf reads the ELF from here until the object is closed
    private final Memory opts;
    private final List<Pointer> links = new ArrayList<>();
    private final List<String> selected = new ArrayList<>();
    private AttachMode mode;
    private Pointer obj;

    private BpfObject(BpfRuntime rt, Hook hook, Memory image, Memory opts, Pointer obj) {
        this.rt = rt;
        this.hook = hook;
        this.image = image;
        this.opts = opts;
        this.obj = obj;
    }

    static BpfObject open(BpfRuntime rt, Hook hook, String btfPath) throws BpfException {
        byte[] bytes;
        try (InputStream in = BpfObject.class.getResourceAsStream(hook.resource())) {
            if (in == null) {
                throw new BpfException("failed to open " + hook + " object: " + hook.resource() + " is not in the jar");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new BpfException("failed to read " + hook.resource() + ": " + e.getMessage());
        }
        Memory image = new Memory(bytes.length);
        image.write(0, bytes, 0, bytes.length);
        Memory opts = new Memory(OPEN_OPTS_SIZE + (btfPath == null ? 0 : btfPath.length() * 3L + 1));
        opts.clear();
        opts.setLong(0, OPEN_OPTS_SIZE);
        if (btfPath != null) {
            Pointer path = opts.share(OPEN_OPTS_SIZE);
            path.setString(0, btfPath, "UTF-8");
            opts.setPointer(OPTS_BTF_CUSTOM_PATH, path);
        }
        Pointer obj = rt.lib.bpf_object__open_mem(image, bytes.length, opts);
        if (obj == null) {
            int errno = Native.getLastError();
            throw new BpfException("failed to open " + hook + " object: " + BpfRuntime.strerror(errno), errno);
        }
        return new BpfObject(rt, hook, image, opts, obj);
    }

    /** The ELF sections ("fentry/tcp_sendmsg") of {@code mode}'s programs: where they attach. */
    List<String> sections(AttachMode mode) {
        List<String> sections = new ArrayList<>();
        for (Pointer p = rt.lib.bpf_object__next_program(obj, null); p != null;
                p = rt.lib.bpf_object__next_program(obj, p)) {
            if (mode.selects(hook, rt.lib.bpf_program__name(p))) {
                sections.add(rt.lib.bpf_program__section_name(p));
            }
        }
        return sections;
    }

    /** Autoloads exactly the programs of {@code mode}. */
    void select(AttachMode mode) throws BpfException {
        this.mode = mode;
        selected.clear();
        for (Pointer p = rt.lib.bpf_object__next_program(obj, null); p != null;
                p = rt.lib.bpf_object__next_program(obj, p)) {
            String name = rt.lib.bpf_program__name(p);
            boolean on = mode.selects(hook, name);
            rt.lib.bpf_program__set_autoload(p, on);
            if (on) {
                selected.add(name);
            }
        }
        if (selected.isEmpty()) {
            throw new BpfException(hook + " has no " + mode + " program");
        }
    }

    /** Uses the shared maps already created instead of creating this object's own. */
    void reuse(SharedMaps shared) throws BpfException {
        for (String name : SharedMaps.NAMES) {
            Pointer map = findMap(name);
            Integer fd = shared.fd(name);
            if (map == null || fd == null) {
                continue;
            }
            int err = rt.lib.bpf_map__reuse_fd(map, fd);
            if (err < 0) {
                throw new BpfException("failed to share map " + name + ": " + BpfRuntime.strerror(err), -err);
            }
        }
    }

    /** Writes struct netjfr_config into .rodata (before load). */
    void configure(byte[] config) throws BpfException {
        for (Pointer m = rt.lib.bpf_object__next_map(obj, null); m != null; m = rt.lib.bpf_object__next_map(obj, m)) {
            if (rt.lib.bpf_map__name(m).endsWith(".rodata")) {
                Memory data = new Memory(config.length);
                data.write(0, config, 0, config.length);
                int err = rt.lib.bpf_map__set_initial_value(m, data, config.length);
                if (err < 0) {
                    throw new BpfException("failed to configure " + hook + ": " + BpfRuntime.strerror(err), -err);
                }
                return;
            }
        }
        throw new BpfException(hook + " object has no .rodata");
    }

    void load() throws BpfException {
        rt.clearLog();
        int err = rt.lib.bpf_object__load(obj);
        if (err < 0) {
            String why = rt.firstWarning();
            throw new BpfException("load failed: " + BpfRuntime.strerror(err) + hint(-err)
                    + (why.isEmpty() ? "" : " [" + why + "]"), -err);
        }
    }

    void attach() throws BpfException {
        for (String name : selected) {
            Pointer prog = program(name);
            rt.clearLog();
            Pointer link = rt.lib.bpf_program__attach(prog);
            if (link == null) {
                int errno = Native.getLastError();
                String why = rt.lastWarning();
                throw new BpfException("attach failed: " + BpfRuntime.strerror(errno) + hint(errno)
                        + (why.isEmpty() ? "" : " [" + why + "]"), errno);
            }
            links.add(link);
        }
    }

    /** What an errno usually means for the selected mode, so doctor's line says what to do. */
    private String hint(int errno) {
        final int eperm = 1;
        final int enoent = 2;
        if (mode == AttachMode.FENTRY && errno == eperm) {
            return " (this kernel refuses fentry programs: no BPF trampoline, or lockdown)";
        }
        if (mode == AttachMode.KPROBE && errno == enoent) {
            return " (no kprobes: kernel built without CONFIG_KPROBES, or the function is not traceable)";
        }
        if (mode == AttachMode.TRACEPOINT && errno == enoent) {
            return " (tracefs not mounted: mount -t tracefs nodev /sys/kernel/tracing)";
        }
        return "";
    }

    /** The map called {@code name}, or null when this object has none. */
    Pointer findMap(String name) {
        for (Pointer m = rt.lib.bpf_object__next_map(obj, null); m != null; m = rt.lib.bpf_object__next_map(obj, m)) {
            if (rt.lib.bpf_map__name(m).equals(name)) {
                return m;
            }
        }
        return null;
    }

    private Pointer program(String name) {
        for (Pointer p = rt.lib.bpf_object__next_program(obj, null); p != null;
                p = rt.lib.bpf_object__next_program(obj, p)) {
            if (rt.lib.bpf_program__name(p).equals(name)) {
                return p;
            }
        }
        throw new IllegalStateException(name);
    }

    @Override
    public void close() {
        for (Pointer link : links) {
            rt.lib.bpf_link__destroy(link);
        }
        links.clear();
        if (obj != null) {
            rt.lib.bpf_object__close(obj);
            obj = null;
        }
        image.close();
        opts.close();
    }
}
