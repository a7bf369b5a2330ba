//! The `console` examples of the README and of docs/, run as they are written: each `$ earn …`
//! line is run, and what it prints (stdout and stderr together) and its exit status (`? N`,
//! 0 when not written) must be what the example shows. A line `...` stands for any lines.

#[test]
fn the_documented_examples_print_what_they_show() {
    trycmd::TestCases::new()
        .register_bin("earn", std::path::PathBuf::from(env!("CARGO_BIN_EXE_earn")))
        .env("NO_COLOR", "1")
        // An empty EARN_RATES is unset: the examples use the built-in table.
        .env("EARN_RATES", "")
        .case("README.md")
        .case("docs/*.md");
}
