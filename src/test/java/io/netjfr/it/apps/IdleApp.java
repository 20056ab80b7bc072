package io.netjfr.it.apps;

import java.io.InputStream;

/** Prints "idle app started", then waits until its standard input closes; prints "app finished". */
public final class IdleApp {
    public static void main(String[] args) throws Exception {
        System.out.println("idle app started");
        InputStream in = System.in;
        while (in.read() >= 0) {
            // wait for end of input
        }
        System.out.println("app finished");
    }
}
