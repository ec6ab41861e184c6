"""Built from checks/extensions.toml by `scripts/build-data`: edit that file, not this one.

A test checks that this module equals what the data file says.
"""

from safe_session.data.extension_types import KnownExtension, KnownExtensions

EXTENSIONS = KnownExtensions(
    extensions=(
        KnownExtension(
            name='uBlock Origin',
            kind='content blocker',
            chromium=['cjpalhdlnbpafiamejdnhcphjbkeiagm'],
            firefox=['uBlock0@raymondhill.net'],
        ),
        KnownExtension(
            name='Bitwarden',
            kind='password manager',
            chromium=['nngceckbapebfimnlniiiahkandclblb', 'jbkfoedolllekgbhcbcoahefnbanhhlh'],
            firefox=['{446900e4-71c2-419f-a6a7-df9c091e268b}'],
        ),
        KnownExtension(
            name='1Password',
            kind='password manager',
            chromium=['aeblfdkhhhdcdjpifhhbdiojplfjncoa', 'dppgmdbiimibapkepcbdbmkaabgiofem'],
            firefox=['{d634138d-c276-4fc8-924b-40a0ea21d284}'],
        ),
        KnownExtension(
            name='LastPass',
            kind='password manager',
            chromium=['hdokiejnpimakedhajhdlcegeplioahd', 'bbcinlkgjjkejfdpemiealijmmooekmp'],
        ),
        KnownExtension(
            name='KeePassXC-Browser',
            kind='password manager',
            chromium=['oboonakemofpalcgghocfoadofidjkkk'],
        ),
    ),
)
