import Foundation

/// What the member pages decide again inside their writes (`WriteCheck`): removing, silencing and appointing read the
/// member's membership again, since they may have left, been removed or changed role meanwhile.
extension MembershipController {
    /// A check about one member of `community`: inside the write, the community and the member's membership are read
    /// again (404 when they left or were removed meanwhile) and `decision` asked of them.
    static func memberCheck(_ guardian: Guardian, _ community: Community, userID: Int64,
                            _ decision: @escaping @Sendable (Guardian, Membership, Community) throws -> Void) -> WriteCheck {
        let communityID = community.id!
        return guardian.writeCheck { guardian, db in
            let community = try CheckedRows.community(db, id: communityID)
            try decision(guardian, CheckedRows.membership(db, communityID: communityID, userID: userID), community)
        }
    }

    /// 409 when the member already has `role`.
    static func ensureChanges(_ membership: Membership, to role: Membership.Role, _ target: User, _ community: Community) throws {
        if membership.role == role { throw AppError.conflict("@\(target.handle) is already a \(role.rawValue) of \(community.name).") }
    }
}
