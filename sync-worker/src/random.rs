use tsunagu_core::protocol::ApiError;

const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// A random string over [A-Za-z0-9] from the runtime's cryptographic generator.
pub fn random_word(len: usize) -> Result<String, ApiError> {
    let mut bytes = vec![0u8; len];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| ApiError::internal(format!("no randomness available: {e}")))?;
    // 248 = 4 × 62: rejecting larger bytes keeps every character equally likely.
    let mut out = String::with_capacity(len);
    while out.len() < len {
        for byte in &bytes {
            if *byte < 248 && out.len() < len {
                out.push(ALPHABET[(*byte % 62) as usize] as char);
            }
        }
        getrandom::getrandom(&mut bytes)
            .map_err(|e| ApiError::internal(format!("no randomness available: {e}")))?;
    }
    Ok(out)
}
