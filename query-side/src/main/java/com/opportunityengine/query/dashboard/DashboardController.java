package com.opportunityengine.query.dashboard;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /dashboard}: the analyst's and sales manager's page (static files under {@code static/dashboard}, the chart
 * library vendored at build time under {@code /webjars/echarts}). The page itself needs no key and holds no data;
 * it asks for a key and calls the public API with it. Not part of the API document.
 */
@Hidden
@Controller
class DashboardController {

    @GetMapping({"/dashboard", "/dashboard/"})
    String page() {
        return "forward:/dashboard/index.html";
    }
}
