#include <catch2/catch.hpp>

#include "bot/console/html_renderer.hpp"

using namespace flipside;
using namespace flipside::console;

TEST_CASE("console HTML escapes everything a person typed", "[console][html]") {
  ui::Message m;
  m.template_id = "x";
  m.header("<script>alert(1)</script>");
  m.text("Tom & \"Jerry\" <b>");
  m.buttons({{"Go\"", "a.b", "v\" onclick=\"x", ui::Style::primary}});
  auto html = render_html(m);
  CHECK_THAT(html, !Catch::Contains("<script>") && !Catch::Contains("<b>") &&
                       !Catch::Contains("onclick=\"x"));
  CHECK_THAT(html,
             Catch::Contains("&lt;script&gt;") && Catch::Contains("Tom &amp; &quot;Jerry&quot;"));
  CHECK_THAT(html, Catch::Contains("data-value=\"v&quot; onclick=&quot;x\""));
}

TEST_CASE("the markdown subset renders bold, italic, code and line breaks, and nothing else",
          "[console][html]") {
  CHECK(markdown_to_html("*bold* and _it_ and `a<b`") ==
        "<strong>bold</strong> and <em>it</em> and <code>a&lt;b</code>");
  CHECK(markdown_to_html("line\nnext") == "line<br>next");
  CHECK(markdown_to_html("time_zone_name stays") == "time_zone_name stays");
  CHECK(markdown_to_html("2 * 3 * 4") == "2 * 3 * 4");
  CHECK(markdown_to_html("*unclosed") == "*unclosed");
}

TEST_CASE("forms render labelled inputs with slots for server-side errors", "[console][html]") {
  ui::Message m;
  ui::Form f{"profile.edit", "Edit", "Save", {}};
  f.inputs.push_back({.id = "time_zone",
                      .label = "Time zone",
                      .kind = ui::InputKind::time_zone,
                      .hint = "e.g. UTC"});
  f.inputs.push_back({.id = "role",
                      .label = "Role",
                      .kind = ui::InputKind::select,
                      .initial = "mentee",
                      .options = {{"Mentor", "mentor"}, {"Mentee", "mentee"}}});
  m.form(f);
  auto html = render_html(m);
  CHECK_THAT(html, Catch::Contains("data-form=\"profile.edit\""));
  CHECK_THAT(html, Catch::Contains("<label for=\"in-time_zone\">Time zone</label>"));
  CHECK_THAT(html, Catch::Contains("data-error-for=\"time_zone\""));
  CHECK_THAT(html, Catch::Contains("<option value=\"mentee\" selected>Mentee</option>"));
}
