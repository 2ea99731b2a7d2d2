//! The one integration-test binary: the real `auth0-tok` against real HTTP
//! servers on 127.0.0.1, with the environment cleared.

mod support;

mod cases {
    mod answers;
    mod browser;
    mod cache_trust;
    mod call;
    mod completions;
    mod corpus;
    mod decode;
    mod dotenv;
    mod dpop;
    mod flag_hints;
    mod help;
    mod hints;
    mod id_token;
    mod init;
    mod jwks;
    mod login;
    mod mock;
    mod mock_login;
    mod mock_serve;
    mod output;
    mod parity;
    mod probe;
    mod request;
    mod soak;
    mod spelling;
    mod tenant_failures;
    mod token;
    mod verify;
}
