//! Entry point of the browser build: mounts the app on the page body.
fn main() {
    yew::Renderer::<kalkyl::App>::new().render();
}
