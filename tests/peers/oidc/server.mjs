// A real OpenID Connect provider for the single sign-on tests and `make sso-idp`:
// the certified `oidc-provider` package, on loopback, with one confidential client.
//
// The login page is a test page: it asks for the claims to assert (e-mail, whether it
// is verified, names, language) and whether the person "used MFA" (amr). Nothing is
// checked: never expose this server beyond 127.0.0.1.
//
// Environment: IDP_PORT (9000), IDP_CLIENT_ID (mentorordning), IDP_CLIENT_SECRET,
// IDP_REDIRECT_URIS and IDP_POST_LOGOUT_REDIRECT_URIS (comma-separated),
// IDP_TEST_CONTROLS=1 adds POST /__test__/token-mode (normal | tampered | expired),
// which alters the id_token of the next token responses, for the tests that prove
// such tokens are refused.
import http from 'node:http';
import { Provider } from 'oidc-provider';
import * as jose from 'jose';

const host = '127.0.0.1';
const port = Number(process.env.IDP_PORT || 9000);
const issuer = `http://${host}:${port}`;
const clientId = process.env.IDP_CLIENT_ID || 'mentorordning';
const clientSecret = process.env.IDP_CLIENT_SECRET || 'local-test-idp-secret';
const list = (value, fallback) => (value || fallback).split(',').map((s) => s.trim()).filter(Boolean);
const redirectUris = list(process.env.IDP_REDIRECT_URIS, 'http://127.0.0.1:8000/accounts/oidc/local/login/callback/');
const postLogoutUris = list(process.env.IDP_POST_LOGOUT_REDIRECT_URIS, 'http://127.0.0.1:8000/');
const testControls = process.env.IDP_TEST_CONTROLS === '1';

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await jose.exportJWK(privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };

const accounts = new Map(); // sub -> claims asserted on the login page
let tokenMode = 'normal';

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: redirectUris,
    post_logout_redirect_uris: postLogoutUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['local-test-idp-cookie-key'] },
  scopes: ['openid', 'email', 'profile'],
  claims: {
    // amr and auth_time in every id_token (allauth asks for no claims explicitly).
    openid: ['sub', 'amr', 'acr', 'auth_time'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'locale', 'organization', 'job_title'],
  },
  pkce: { required: () => false },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Log out of the test identity provider?', `${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, log me out</button>`);
      },
      postLogoutSuccessSource: async (ctx) => { ctx.body = page('Logged out', '<p>You are logged out.</p>'); },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // A first-party client: no consent screen.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  findAccount: async (ctx, sub) => {
    const claims = accounts.get(sub);
    if (!claims) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...claims }) };
  },
  renderError: async (ctx, out) => { ctx.type = 'html'; ctx.body = page('Error', `<pre>${escape(JSON.stringify(out))}</pre>`); },
});

const readBody = (req) => new Promise((resolve, reject) => {
  let data = '';
  req.on('data', (chunk) => { data += chunk; });
  req.on('end', () => resolve(new URLSearchParams(data)));
  req.on('error', reject);
});

const loginForm = (uid, client) => page('Test identity provider', `
<p>Log in to ${escape(client)}. A test page: the claims below are what the provider asserts.</p>
<form method="post" action="/interaction/${escape(uid)}">
<p><label>E-mail <input type="email" name="email" required></label></p>
<p><label><input type="checkbox" name="email_verified" value="1" checked> E-mail verified</label></p>
<p><label>Given name <input name="given_name" value="Test"></label></p>
<p><label>Family name <input name="family_name" value="Person"></label></p>
<p><label>Language <select name="locale"><option value="da">da</option><option value="en">en</option></select></label></p>
<p><label><input type="checkbox" name="mfa" value="1"> Used multi-factor authentication (amr: otp, mfa)</label></p>
<button type="submit">Log in</button>
</form>`);

async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(loginForm(uid, details.params.client_id));
    return;
  }
  const form = await readBody(req);
  const email = String(form.get('email') || '').trim().toLowerCase();
  const sub = `user-${email}`;
  accounts.set(sub, {
    email,
    email_verified: form.get('email_verified') === '1',
    given_name: form.get('given_name') || '',
    family_name: form.get('family_name') || '',
    name: `${form.get('given_name') || ''} ${form.get('family_name') || ''}`.trim(),
    locale: form.get('locale') || 'da',
    organization: 'Test Organisation',
    job_title: 'Tester',
  });
  const amr = form.get('mfa') === '1' ? ['pwd', 'otp', 'mfa'] : ['pwd'];
  await provider.interactionFinished(req, res, { login: { accountId: sub, amr } }, { mergeWithLastSubmission: false });
}

// Alters the id_token of a token response (test controls only).
async function alterTokenResponse(body) {
  const json = JSON.parse(body);
  if (!json.id_token) return body;
  const [h, p, s] = json.id_token.split('.');
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
  if (tokenMode === 'tampered') {
    payload.email = 'someone.else@example.org';
    json.id_token = [h, Buffer.from(JSON.stringify(payload)).toString('base64url'), s].join('.');
  } else if (tokenMode === 'expired') {
    const now = Math.floor(Date.now() / 1000);
    const header = JSON.parse(Buffer.from(h, 'base64url').toString());
    json.id_token = await new jose.SignJWT({ ...payload, iat: now - 3600, exp: now - 1800 })
      .setProtectedHeader(header).sign(privateKey);
  }
  return JSON.stringify(json);
}

const callback = provider.callback();
const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    const match = url.pathname.match(/^\/interaction\/([^/]+)$/);
    if (match) return await interaction(req, res, match[1]);
    if (testControls && url.pathname === '/__test__/token-mode' && req.method === 'POST') {
      tokenMode = (await readBody(req)).get('mode') || 'normal';
      res.end(tokenMode);
      return undefined;
    }
    if (url.pathname === '/token' && tokenMode !== 'normal') {
      const end = res.end.bind(res);
      res.end = (chunk, ...rest) => {
        if (!chunk || res.statusCode !== 200) return end(chunk, ...rest);
        alterTokenResponse(chunk.toString()).then((body) => {
          res.setHeader('Content-Length', Buffer.byteLength(body));
          end(body);
        });
        return res;
      };
    }
    return callback(req, res);
  } catch (error) {
    res.statusCode = 500;
    res.end(String(error));
    return undefined;
  }
});
server.listen(port, host, () => {
  console.log(`oidc-provider listening on ${issuer} (client_id ${clientId})`);
});
