//! Entry point of the browser build: mounts the app on the page body.
fn main() {
    // First, so a panic anywhere after this shows the crash panel with the user's work.
    kalkyl::install_crash_panel();
    yew::Renderer::<kalkyl::Root>::new().render();
}
