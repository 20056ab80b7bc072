package io.netjfr.it.apps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * GETs each URL with the JDK's java.net.http.HttpClient (HTTP/1.1; https trusts any
 * certificate: the tests use throw-away ones) and prints each status, or the failure.
 */
public final class JdkClientApp {
    public static void main(String[] args) throws Exception {
        TrustManager[] trustAll = {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String type) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String type) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }};
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trustAll, null);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();
        for (String url : args) {
            try {
                HttpResponse<Void> r = client.sendAsync(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.discarding()).get(2, java.util.concurrent.TimeUnit.SECONDS);
                System.out.println(r.statusCode());
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                System.out.println(url + ": " + e); // the TLS tests need the hello, not the answer
            }
        }
        System.exit(0);
    }
}
