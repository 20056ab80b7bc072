package io.netjfr.threads;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;

/**
 * Adds the {@link ThreadLifecycle} calls to the JDK's thread classes: in
 * {@code java.lang.Thread} around each call of the native {@code start0} (after it the OS
 * thread exists; the caller holds the thread's monitor throughout) and at the start of
 * {@code exit}; in {@code java.lang.VirtualThread} at the start of {@code mount} and before
 * each return of {@code unmount}. Nothing else changes. Counts what it inserted, so the
 * agent can tell a JDK whose thread classes look different.
 */
final class ThreadInstrumenter implements ClassFileTransformer {
    static final String THREAD = "java/lang/Thread";
    static final String VIRTUAL_THREAD = "java/lang/VirtualThread";
    /** Where ThreadLifecycle is defined: in java.lang, next to the classes that call it. */
    static final String LIFECYCLE = "java/lang/NetjfrThreadLifecycle";
    private static final String LIFECYCLE_SOURCE = Type.getInternalName(ThreadLifecycle.class);
    private static final String HOOK_DESCRIPTOR = "(Ljava/lang/Thread;)V";

    volatile int startingHooks;
    volatile int startHooks;
    volatile int exitHooks;
    volatile int mountHooks;
    volatile int unmountHooks;
    volatile Throwable failure;

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
            ProtectionDomain domain, byte[] bytes) {
        if (loader != null || !(THREAD.equals(className) || VIRTUAL_THREAD.equals(className))) {
            return null;
        }
        try {
            return instrument(className, bytes);
        } catch (Throwable t) { // a class file ASM cannot read (a newer JDK): the class stays as it is
            failure = t;
            return null;
        }
    }

    byte[] instrument(String className, byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (THREAD.equals(className)) {
                    return "exit".equals(name) && "()V".equals(descriptor) ? new AtEntry(mv, "exiting") : new AfterStart0(mv);
                }
                if ("mount".equals(name) && "()V".equals(descriptor)) {
                    return new AtEntry(mv, "mounting");
                }
                if ("unmount".equals(name) && "()V".equals(descriptor)) {
                    return new BeforeReturn(mv, "unmounted");
                }
                return mv;
            }
        }, 0);
        return writer.toByteArray();
    }

    /** ThreadLifecycle's class file renamed to {@link #LIFECYCLE}, references to itself included. */
    static byte[] lifecycleClass(byte[] original) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(version, access, LIFECYCLE, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field, String fieldDescriptor) {
                        super.visitFieldInsn(opcode, renamed(owner), field, fieldDescriptor);
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String methodDescriptor,
                            boolean isInterface) {
                        super.visitMethodInsn(opcode, renamed(owner), method, methodDescriptor, isInterface);
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }

    private static String renamed(String owner) {
        return LIFECYCLE_SOURCE.equals(owner) ? LIFECYCLE : owner;
    }

    /** this -> ThreadLifecycle.hook(this) */
    private void callHook(MethodVisitor mv, String hook) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, LIFECYCLE, hook, HOOK_DESCRIPTOR, false);
        switch (hook) {
            case "starting" -> startingHooks++;
            case "started" -> startHooks++;
            case "exiting" -> exitHooks++;
            case "mounting" -> mountHooks++;
            default -> unmountHooks++;
        }
    }

    private final class AtEntry extends MethodVisitor {
        private final String hook;

        AtEntry(MethodVisitor mv, String hook) {
            super(Opcodes.ASM9, mv);
            this.hook = hook;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            callHook(mv, hook);
        }
    }

    private final class BeforeReturn extends MethodVisitor {
        private final String hook;

        BeforeReturn(MethodVisitor mv, String hook) {
            super(Opcodes.ASM9, mv);
            this.hook = hook;
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.RETURN) {
                callHook(mv, hook);
            }
            super.visitInsn(opcode);
        }
    }

    private final class AfterStart0 extends MethodVisitor {
        AfterStart0(MethodVisitor mv) {
            super(Opcodes.ASM9, mv);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            boolean start0 = THREAD.equals(owner) && "start0".equals(name) && "()V".equals(descriptor);
            if (start0) { // the receiver (this) is on the stack: the hook gets a copy
                mv.visitInsn(Opcodes.DUP);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, LIFECYCLE, "starting", HOOK_DESCRIPTOR, false);
                startingHooks++;
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            if (start0) {
                callHook(mv, "started");
            }
        }
    }
}
