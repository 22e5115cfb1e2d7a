package com.opportunityengine.engine;

import com.opportunityengine.command.CommandSideApplication;
import com.opportunityengine.platform.EngineDefaults;
import com.opportunityengine.query.QuerySideApplication;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The standalone engine: both sides in one JVM on one port, on the embedded store unless
 * {@code MONGODB_URI} names a MongoDB. It scans both sides' packages but not their own
 * application classes, which exist for running the sides apart. With {@code --engine.role=command}
 * or {@code query} it runs one side only ({@link RoleFilter}), so that one jar deploys every node
 * of a cluster sharing one MongoDB; {@code store} runs the embedded store alone ({@link StoreCommand}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(
        basePackages = "com.opportunityengine",
        excludeFilters = {
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = RoleFilter.class),
            @ComponentScan.Filter(
                    type = FilterType.ASSIGNABLE_TYPE,
                    classes = {CommandSideApplication.class, QuerySideApplication.class})
        })
public class OpportunityEngineApplication {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("bench")) {
            System.err.println(
                    "The benchmark is a jar of its own: java -jar deploy/target/opportunity-engine-bench.jar "
                            + String.join(" ", Arrays.copyOfRange(args, 1, args.length)));
            System.exit(2);
        }
        if (args.length > 0 && args[0].equals("store")) {
            System.exit(StoreCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("import")) {
            System.exit(ImportCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        EngineDefaults.disableUpdateChecker();
        SpringApplication.run(OpportunityEngineApplication.class, args);
    }
}
