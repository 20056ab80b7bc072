package io.netjfr.bpf;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;
import io.netjfr.jna.Jna;

/**
 * The part of libbpf 1.x netjfr uses, bound through JNA. Pointer-returning calls return
 * null and set errno on failure, int-returning calls return a negative errno (libbpf 1.0
 * semantics). Only setup and teardown go through here; records are read from the
 * mmap'ed ring without native calls ({@link RingBuffer}).
 */
interface LibBpf extends Library {

    /** libbpf's print callback; {@code args} is a C va_list. */
    interface PrintFn extends Callback {
        int invoke(int level, Pointer format, Pointer args);
    }

    Pointer bpf_object__open_mem(Pointer buf, long size, Pointer opts);

    int bpf_object__load(Pointer obj);

    void bpf_object__close(Pointer obj);

    Pointer bpf_object__next_program(Pointer obj, Pointer prev);

    Pointer bpf_object__next_map(Pointer obj, Pointer prev);

    String bpf_program__name(Pointer prog);

    String bpf_program__section_name(Pointer prog);

    int bpf_program__set_autoload(Pointer prog, boolean autoload);

    Pointer bpf_program__attach(Pointer prog);

    int bpf_link__destroy(Pointer link);

    String bpf_map__name(Pointer map);

    int bpf_map__fd(Pointer map);

    int bpf_map__reuse_fd(Pointer map, int fd);

    int bpf_map__max_entries(Pointer map);

    int bpf_map__set_initial_value(Pointer map, Pointer data, long size);

    int bpf_map_lookup_elem(int fd, Pointer key, Pointer value);

    int bpf_map_update_elem(int fd, Pointer key, Pointer value, long flags);

    int bpf_map_delete_elem(int fd, Pointer key);

    int bpf_map_get_next_key(int fd, Pointer key, Pointer nextKey);

    int bpf_map_create(int mapType, String name, int keySize, int valueSize, int maxEntries, Pointer opts);

    int bpf_prog_load(int progType, String name, String license, Pointer insns, long insnCount, Pointer opts);

    Pointer btf__load_vmlinux_btf();

    int btf__find_by_name_kind(Pointer btf, String name, int kind);

    void btf__free(Pointer btf);

    int libbpf_num_possible_cpus();

    String libbpf_version_string();

    Pointer libbpf_set_print(PrintFn fn);

    /** Loads {@code libbpf.so.1} (or the given path); throws UnsatisfiedLinkError with JNA's reason. */
    static LibBpf load(String pathOrNull) {
        return Jna.load(pathOrNull != null ? pathOrNull : "libbpf.so.1", LibBpf.class);
    }
}
