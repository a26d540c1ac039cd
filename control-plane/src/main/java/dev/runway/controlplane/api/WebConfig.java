package dev.runway.controlplane.api;

import dev.runway.model.json.Json;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.DeserializationFeature;

/** How the API reads requests and answers the ones it refuses, down to those Tomcat refuses itself. */
@Configuration(proxyBeanMethods = false)
class WebConfig {

    /**
     * The Spring-managed mapper, which reads request bodies, agrees with {@link Json#mapper()} and is strict: a
     * field the endpoint does not know (a typo, or one a newer client sends) is refused naming it instead of
     * being dropped. The runner and CLI send only the model's own fields; they stay tolerant in what they read.
     */
    @Bean
    JsonMapperBuilderCustomizer strictRequestBodies() {
        return builder -> Json.configure(builder).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Bean
    ProblemReports problemReports() {
        return new ProblemReports();
    }

    /**
     * Puts {@link ProblemReportValve} in place of Tomcat's error report. Ordered last, so it replaces the one
     * Spring Boot's own customizer adds.
     */
    static final class ProblemReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                StandardHost host = (StandardHost) context.getParent();
                Pipeline pipeline = host.getPipeline();
                for (Valve valve : pipeline.getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        pipeline.removeValve(valve);
                    }
                }
                pipeline.addValve(new ProblemReportValve());
                // the host adds a report valve of this class at start unless it finds one
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
