use crate::support::{Mock, Sandbox};

#[test]
fn jwks_lists_keys_and_says_where_they_came_from() {
    let s = Sandbox::new();
    let mock = Mock::start(&s, &[]);
    let first = s.run(&["jwks", "--json", "--domain", &mock.url]);
    first.code(0);
    let v = first.json();
    assert_eq!(v["issuer"], mock.url.as_str());
    assert_eq!(v["source"], "network");
    assert_eq!(v["keys"][0]["kty"], "RSA");
    assert_eq!(v["keys"][0]["key"], "RSA 2048 bits");
    let second = s.run(&["jwks", "--json", "--domain", &mock.url]);
    assert_eq!(second.json()["source"], "cache");
    s.run(&["jwks", "--domain", &mock.url])
        .code(0)
        .stdout_has("thumbprint")
        .stdout_has("from            cache");
}
