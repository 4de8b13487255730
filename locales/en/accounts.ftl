# Accounts: the directory person an account is linked to.

account-person = Person in the directory
account-no-person = This account is not linked to anyone in the directory.
users-person-search = Look for a person of the directory by name
users-person-find = Search
users-person-none = Nobody in the directory matches this name.
users-person-matches = { $n ->
    [one] { $nf } person found
   *[other] { $nf } people found
}
users-person-refine = Only the first ones are shown: give more of the name.
users-person-linked-to = already linked to the account “{ $name }”
users-person-link = Link the account to this person
users-person-clear = Remove the link to this person
users-person-required = Choose a person from the list.
users-person-taken = This person is already linked to the account “{ $name }”; remove that link first.
