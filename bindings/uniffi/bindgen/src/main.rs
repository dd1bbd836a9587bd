//! `uniffi-bindgen`: generates the Kotlin and Swift sources of `valuepm-ffi` from the
//! built library (library mode). See `bindings/uniffi/generate.sh`.

fn main() {
    uniffi::uniffi_bindgen_main();
}
